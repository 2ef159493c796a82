import { type Cache, createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { CACHE_GENERATION_TTL } from '../cache.constants';
import type { KeySpace } from '../keys/key-space';
import { isCluster, type RedisClient } from '../redis/redis-client';
import { EVICT, SET_IF_GENERATION } from '../redis/scripts';
import { type CacheEntry, isCacheEntry, physicalTtl } from './cache-entry';
import { KeyvIoredisStore } from './keyv-ioredis.store';

/**
 * L2 contract, async like bentocache's `CacheDriver<true>`. Two implementations: Redis (shared
 * by the fleet) and in-memory (the embedded default when no Redis is configured).
 */
export interface RemoteTier {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<CacheEntry | undefined>;
  /** Unconditional write (used by `CacheService.set`, not by loads). */
  set(key: string, entry: CacheEntry): Promise<void>;
  /** Current generation, read before loading. */
  generation(key: string): Promise<string>;
  /** Writes only if the generation is unchanged, then announces "filled"; false if evicted meanwhile. */
  setIfGeneration(key: string, entry: CacheEntry, generation: string): Promise<boolean>;
  /** Bumps the generation and deletes the value. */
  evict(key: string): Promise<void>;
  /** Deletes the value only (the second of the double delete). */
  delete(key: string): Promise<void>;
}

/**
 * Redis L2 through cache-manager 7 (Keyv + our ioredis store) for plain get/set/del. The
 * generation-guarded write is a Lua script on the same client, in the same key and encoding,
 * because cache-manager has no compare-and-set.
 */
export class RedisRemoteTier implements RemoteTier {
  readonly kind = 'redis';
  readonly #cache: Cache;
  readonly #store: KeyvIoredisStore;
  /** How "filled" is announced: sharded on a cluster, so it reaches only the key's shard. */
  readonly #publish: 'PUBLISH' | 'SPUBLISH';

  constructor(
    private readonly client: RedisClient,
    private readonly keys: KeySpace,
  ) {
    this.#publish = isCluster(client) ? 'SPUBLISH' : 'PUBLISH';
    const store = (this.#store = new KeyvIoredisStore(client, keys.prefix));
    // serialize: undefined hands the `{ value, expires }` record to the store, which JSON-encodes it.
    const keyv = new Keyv({
      store,
      serialize: undefined,
      deserialize: undefined,
      throwOnErrors: true,
      useKeyPrefix: false,
    });
    this.#cache = createCache({ stores: [keyv] });
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    // cache-manager turns store errors on get into a miss; an outage must surface as an error.
    if (this.client.status !== 'ready') throw new Error(`Redis is ${this.client.status}`);
    const errorsBefore = this.#store.readErrors;
    const value: unknown = await this.#cache.get(this.keys.underPrefix(key));
    if (this.#store.readErrors !== errorsBefore) throw this.#store.lastReadError;
    return isCacheEntry(value) ? value : undefined;
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    await this.#cache.set(this.keys.underPrefix(key), entry, physicalTtl(entry));
  }

  async generation(key: string): Promise<string> {
    return (await this.client.get(this.keys.generation(key))) ?? '0';
  }

  async setIfGeneration(key: string, entry: CacheEntry, generation: string): Promise<boolean> {
    const ttl = physicalTtl(entry);
    const record = JSON.stringify({ value: entry, expires: Date.now() + ttl });
    const keys = [this.keys.value(key), this.keys.generation(key)];
    const args = [generation, record, ttl, this.keys.filled(key), this.#publish];
    return (await SET_IF_GENERATION.run(this.client, keys, args)) === 1;
  }

  async evict(key: string): Promise<void> {
    const keys = [this.keys.value(key), this.keys.generation(key)];
    await EVICT.run(this.client, keys, [CACHE_GENERATION_TTL]);
  }

  async delete(key: string): Promise<void> {
    await this.#cache.del(this.keys.underPrefix(key));
  }
}
