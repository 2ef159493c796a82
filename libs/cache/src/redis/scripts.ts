import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-client';

/**
 * A Lua script run by EVALSHA with an EVAL fallback. `defineCommand` would mutate a client the
 * application may have handed us, so the SHA is kept here instead.
 */
export class LuaScript {
  readonly #sha: string;

  constructor(private readonly source: string) {
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/**
 * SET the value only if the key's generation still equals the one read before loading; then
 * announce "filled" with ARGV[5]: PUBLISH on one server, SPUBLISH on a cluster (the channel shares
 * the key's hash tag, so it lives on the shard that runs the script).
 */
export const SET_IF_GENERATION = new LuaScript(`
local g = redis.call('GET', KEYS[2]) or '0'
if g ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call(ARGV[5], ARGV[4], '1')
return 1`);

/** Eviction: bump the generation (so in-flight loads cannot write back) and delete, atomically. */
export const EVICT = new LuaScript(`
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])`);

/** Release a lock only if we still own it (compare-and-delete). */
export const RELEASE_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/** Extend a lock's lease only if we still own it. */
export const EXTEND_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`);
