import type { ThrottlerStorage } from '@nestjs/throttler';
import { Cluster, type Redis } from 'ioredis';

/** What `@nestjs/throttler` expects back from a storage. */
interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * One round trip, atomic: count the hit, start the window on the first hit, and block the
 * tracker for `blockDuration` once it passes the limit. Returns hits, window ms left, blocked
 * flag and block ms left. PEXPIRE only when the key is new, so the window is fixed, like the
 * throttler's in-memory storage.
 */
const INCREMENT_SCRIPT = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  return { tonumber(redis.call('GET', KEYS[1]) or ARGV[2]) + 1, redis.call('PTTL', KEYS[1]), 1, blockTtl }
end
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) and tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, ttl, 1, tonumber(ARGV[3]) }
end
return { hits, ttl, 0, 0 }
`;

const COMMAND = 'bulwarkThrottlerIncrement';
type WithIncrement = (Redis | Cluster) &
  Record<typeof COMMAND, (...args: [string, string, number, number, number]) => Promise<number[]>>;

/** Options of {@link RedisThrottlerStorage}. @publicApi */
export interface RedisThrottlerStorageOptions {
  /** Key prefix, so several apps or tests can share one Redis. @default 'bulwark:throttle:' */
  prefix?: string;
}

/**
 * `@nestjs/throttler` storage on ioredis (one Redis or a `Cluster`), so a limit holds across all
 * instances. On a cluster a tracker's two keys share a hash tag, `<prefix>{t:<throttler>:<key>}`,
 * so the script touching both runs in one slot; one server keeps the untagged names. Written here
 * rather than taken from npm: `@nest-lab/throttler-storage-redis` 1.2 is maintained but its
 * peer range stops at `@nestjs/common` 11 (checked with `npm view`, 2026-11), and this is one
 * Lua script.
 * @example
 * ThrottlerModule.forRootAsync({ inject: [REDIS], useFactory: (redis: Redis) => ({
 *   throttlers: [{ ttl: 60_000, limit: 100 }], storage: new RedisThrottlerStorage(redis) }) })
 * @publicApi
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly prefix: string;
  readonly #cluster: boolean;

  constructor(
    private readonly redis: Redis | Cluster,
    options: RedisThrottlerStorageOptions = {},
  ) {
    this.prefix = options.prefix ?? 'bulwark:throttle:';
    this.#cluster = redis instanceof Cluster;
    if (this.#cluster && /[{}]/.test(this.prefix)) {
      // A brace in the prefix would be every tracker's hash tag: all limits on one shard.
      throw new Error('RedisThrottlerStorage: the prefix must not contain "{" or "}" on a cluster');
    }
    // defineCommand sends EVALSHA and falls back to EVAL once per connection.
    if (!(COMMAND in this.redis)) {
      this.redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: INCREMENT_SCRIPT });
    }
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = this.#cluster
      ? // `t:` keeps the tag non-empty whatever the tracker holds (an empty `{}` is no tag); a
        // `}` inside the tracker ends the tag early, but both names still share it.
        `${this.prefix}{t:${throttlerName}:${key}}`
      : `${this.prefix}${throttlerName}:${key}`;
    const [hits, ttlMs, blocked, blockMs] = await (this.redis as WithIncrement)[COMMAND](
      `${base}:hits`,
      `${base}:blocked`,
      ttl,
      limit,
      blockDuration,
    );
    // The throttler works in seconds here (it sends them as Retry-After / X-RateLimit-Reset).
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }
}
