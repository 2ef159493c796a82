import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { masterNodes, type RedisClient } from '../redis/redis-client';

/**
 * A Keyv 5 store on an ioredis client, so cache-manager 7 can use the same connection as the
 * locks, the bus and the Bloom filters. Written here because `cache-manager-ioredis-yet` is not
 * a valid Keyv adapter (it has no `delete`/`clear`, so Keyv rejects it) and `@keyv/redis` is built on
 * node-redis, which would mean a second client library and a second connection family.
 *
 * Values are stored as JSON: reading never evaluates code, unlike serializers that revive
 * functions or classes.
 */
export class KeyvIoredisStore extends EventEmitter implements KeyvStoreAdapter {
  /** Keyv inspects `opts`; `dialect` marks the store as Redis for its iterator checks. */
  readonly opts: { dialect: string; url: string };
  namespace?: string;
  /** Failed reads so far, and the last error: cache-manager swallows read errors, callers may not. */
  readErrors = 0;
  lastReadError?: unknown;

  constructor(
    private readonly client: RedisClient,
    private readonly keyPrefix = '',
  ) {
    super();
    this.opts = { dialect: 'redis', url: 'ioredis' };
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    let raw: string | null;
    try {
      raw = await this.client.get(this.keyPrefix + key);
    } catch (err) {
      this.readErrors++;
      this.lastReadError = err;
      throw err;
    }
    return raw === null ? undefined : (JSON.parse(raw) as StoredData<Value>);
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const k = this.keyPrefix + key;
    const json = JSON.stringify(value);
    if (ttl !== undefined && ttl > 0) await this.client.set(k, json, 'PX', Math.ceil(ttl));
    else await this.client.set(k, json);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.del(this.keyPrefix + key)) > 0;
  }

  /**
   * Deletes only this store's prefix, never the whole database. SCAN sees one node's keys, so on
   * a cluster it runs on every master; each key is unlinked on its own (keys of one node may sit
   * in different slots, and a multi-key UNLINK across slots is refused).
   */
  async clear(): Promise<void> {
    if (!this.keyPrefix) throw new Error('KeyvIoredisStore.clear() needs a keyPrefix');
    await Promise.all(masterNodes(this.client).map((node) => this.clearNode(node)));
  }

  private async clearNode(node: Redis): Promise<void> {
    const oneSlotAtATime = node !== this.client;
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${this.keyPrefix}*`, 'COUNT', 500);
      if (keys.length > 0 && !oneSlotAtATime) await node.unlink(...keys);
      else if (keys.length > 0) {
        const pipe = node.pipeline();
        for (const key of keys) pipe.unlink(key);
        await pipe.exec();
      }
      cursor = next;
    } while (cursor !== '0');
  }

  async has(key: string): Promise<boolean> {
    return (await this.client.exists(this.keyPrefix + key)) === 1;
  }

  async disconnect(): Promise<void> {
    // The client belongs to CacheModule (or to the application); closing it is their job.
  }
}
