import { withTimeout } from '@bulwark/common';
import type { Logger } from '@nestjs/common';
import { type BitStore, MemoryBitStore, RedisBitStore } from './bloom/bit-store';
import { type CacheBus, MemoryCacheBus, RedisCacheBus } from './bus/invalidation.bus';
import type { ResolvedCacheModuleOptions } from './cache-options';
import type { KeySpace } from './keys/key-space';
import type { LoadLock } from './locks/lock';
import { MemoryLock, RedisLock } from './locks/redis-lock';
import type { OutageTracker } from './redis/outage';
import { isCluster, type RedisClient } from './redis/redis-client';
import { closeClient, createRedisConnections, waitReady } from './redis/redis-connection';
import { MemoryBackend, MemoryRemoteTier } from './tiers/memory.backend';
import { RedisRemoteTier, type RemoteTier } from './tiers/remote.tier';

/** The shared-state half of a cache: L2, lock, bus and Bloom bits, all on one backend. @internal */
export interface CacheBackend {
  readonly kind: 'redis' | 'memory';
  readonly remote: RemoteTier;
  readonly lock: LoadLock;
  readonly bus: CacheBus;
  readonly bits: BitStore;
  /** PING round trip; resolves false instead of throwing. */
  ping(timeoutMs: number): Promise<boolean>;
  /** Calls `listener` each time the command connection becomes ready (again). */
  onReady(listener: () => void): void;
  /** Waits (bounded) for the connection so the first requests do not all count as an outage. */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Whether the configured Redis is a cluster (so keys carry hash tags). @internal */
export function usesCluster(options: ResolvedCacheModuleOptions): boolean {
  return options.redis ? isCluster(options.redis) : options.redisClusterNodes !== undefined;
}

/** Builds the Redis backend when Redis is configured, else the in-process one, and logs which. */
export function createCacheBackend(
  options: ResolvedCacheModuleOptions,
  keys: KeySpace,
  outage: OutageTracker,
  logger: Logger,
): CacheBackend {
  if (!options.redisUrl && !options.redis && !options.redisClusterNodes) {
    logger.log(
      `L2 backend: in-memory (no redisUrl/redisClusterNodes/redis configured); locks and pub/sub are in-process only`,
    );
    return memoryBackend(keys, options.instanceId);
  }
  const conn = createRedisConnections(
    { url: options.redisUrl, clusterNodes: options.redisClusterNodes, existing: options.redis },
    options.commandTimeout,
  );
  // ioredis emits 'error' on every failed reconnect; the tracker turns that into one log line.
  conn.main.on('error', (err: Error) => outage.fail(err));
  conn.sub.on('error', (err: Error) => outage.fail(err));
  // A reconnect ends the outage at once: waiting for the next read to prove it left writes
  // (evictions) skipped for as long as no read came.
  conn.main.on('ready', () => outage.ok());
  logger.log(`L2 backend: redis (${describe(options, conn.main)}), prefix "${keys.prefix}"`);
  const bus = new RedisCacheBus(conn.main, conn.sub, keys, options.instanceId);
  return {
    kind: 'redis',
    remote: new RedisRemoteTier(conn.main, keys),
    lock: new RedisLock(conn.main, keys),
    bus,
    bits: new RedisBitStore(conn.main),
    ping: (timeoutMs) => ping(conn.main, timeoutMs),
    onReady: (listener) => void conn.main.on('ready', listener),
    ready: async (timeoutMs) => {
      const [main] = await Promise.all([
        waitReady(conn.main, timeoutMs, true),
        waitReady(conn.sub, timeoutMs),
      ]);
      return main;
    },
    close: async () => {
      await bus.close();
      await closeClient(conn.sub);
      if (conn.ownsMain) await closeClient(conn.main);
    },
  };
}

function memoryBackend(keys: KeySpace, instanceId: string): CacheBackend {
  const backend = new MemoryBackend();
  return {
    kind: 'memory',
    remote: new MemoryRemoteTier(backend, (key) => keys.filled(key)),
    lock: new MemoryLock(backend),
    bus: new MemoryCacheBus(backend, keys, instanceId),
    bits: new MemoryBitStore(),
    ping: async () => true,
    onReady: () => undefined,
    ready: async () => true,
    close: async () => {
      backend.events.removeAllListeners();
    },
  };
}

function describe(options: ResolvedCacheModuleOptions, main: RedisClient): string {
  if (options.redis) return `the given ioredis ${isCluster(main) ? 'cluster' : 'client'}`;
  if (options.redisClusterNodes) {
    return `cluster, seeds ${options.redisClusterNodes.join(',')}; hash-tagged keys, sharded pub/sub`;
  }
  return redactUrl(options.redisUrl as string);
}

function ping(client: RedisClient, timeoutMs: number): Promise<boolean> {
  const pong = client.ping().then(
    (r) => r === 'PONG',
    () => false,
  );
  return withTimeout(pong, timeoutMs, () => false);
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
