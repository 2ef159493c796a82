import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { isCluster, parseClusterNodes, type RedisClient } from './redis-client';

/** The one connection family: commands, plus the SUBSCRIBE connection Redis forces on us. */
export interface RedisConnections {
  readonly main: RedisClient;
  readonly sub: RedisClient;
  /** Whether `main` was created here (and must be closed here). */
  readonly ownsMain: boolean;
}

/** Where the cache's Redis is: a URL, cluster seed nodes, or a client the application made. */
export interface RedisTarget {
  readonly url?: string;
  readonly clusterNodes?: readonly string[];
  readonly existing?: RedisClient;
}

/** ioredis's own timeout is only a backstop that clears truly hung commands from its queue. */
const BACKSTOP_FACTOR = 20;
const BACKSTOP_MIN_MS = 1_000;
const retryStrategy = (times: number) => Math.min(times * 50, 1_000);

/**
 * Fail-fast client settings: a slow Redis must look like a down Redis within `commandTimeout`
 * instead of queueing requests behind a reconnect, because the cache is an optimisation and the
 * loader is always there to fall back on. The budget itself is enforced per call, loop-aware, by
 * `OutageTracker.track`: ioredis's timer would misjudge a busy event loop as a slow Redis.
 */
export function failFastOptions(commandTimeout: number): RedisOptions {
  return {
    commandTimeout: Math.max(commandTimeout * BACKSTOP_FACTOR, BACKSTOP_MIN_MS),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 1_000,
    retryStrategy,
  };
}

/**
 * The same policy for a cluster. Node connections keep their offline queue: the cluster client
 * opens them lazily (a slot moved, a replica was promoted) and the first command must wait for
 * that connect; the cluster-level queue is off, so nothing waits while the whole cluster is down.
 * A failover is retried every 100 ms after a slots refresh; the caller's budget still bounds it.
 */
export function clusterFailFastOptions(commandTimeout: number): ClusterOptions {
  const {
    enableOfflineQueue: _queue,
    retryStrategy: _retry,
    ...node
  } = failFastOptions(commandTimeout);
  return {
    redisOptions: node,
    enableOfflineQueue: false,
    clusterRetryStrategy: retryStrategy,
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: 1_000,
  };
}

/** Opens (or reuses) the command connection and duplicates it for pub/sub. */
export function createRedisConnections(
  target: RedisTarget,
  commandTimeout: number,
): RedisConnections {
  const main = target.existing ?? open(target, commandTimeout);
  // The subscriber queues while offline so ioredis can (re)subscribe on connect; callers bound
  // their waits on it themselves (see RedisCacheBus).
  const sub = isCluster(main)
    ? // One sharded subscriber per master: per-key "filled" channels go to the key's shard.
      // Connected at start (ioredis connects them on first SSUBSCRIBE by default): the first
      // waiter of a burst must not pay a connect inside its request budget.
      main.duplicate([], {
        enableOfflineQueue: true,
        shardedSubscribers: true,
        redisOptions: { ...main.options.redisOptions, lazyConnect: false },
      })
    : main.duplicate({
        ...failFastOptions(commandTimeout),
        commandTimeout: undefined,
        enableOfflineQueue: true,
      });
  return { main, sub, ownsMain: target.existing === undefined };
}

function open(target: RedisTarget, commandTimeout: number): RedisClient {
  if (target.clusterNodes && target.clusterNodes.length > 0) {
    return new Cluster(
      parseClusterNodes(target.clusterNodes),
      clusterFailFastOptions(commandTimeout),
    );
  }
  return new Redis(target.url as string, failFastOptions(commandTimeout));
}

/**
 * Resolves once the client is ready, or after `timeoutMs` (then the module starts degraded);
 * `openMasters` also connects a cluster client to every master.
 */
export async function waitReady(
  client: RedisClient,
  timeoutMs: number,
  openMasters = false,
): Promise<boolean> {
  const started = Date.now();
  const ready = await untilReady(client, timeoutMs);
  if (ready && openMasters && isCluster(client)) {
    await connectMasters(client, timeoutMs - (Date.now() - started));
  }
  return ready;
}

/**
 * A cluster client opens its connection to a node on the first command for it: that connect
 * would land inside the first request's budget for every master. Open them now (bounded).
 */
async function connectMasters(client: Cluster, timeoutMs: number): Promise<void> {
  if (timeoutMs <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  const pings = client.nodes('master').map((node) => node.ping().catch(() => undefined));
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([Promise.all(pings), late]);
  clearTimeout(timer);
}

function untilReady(client: RedisClient, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}

/** Closes without waiting on a dead server. */
export async function closeClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
  } else {
    client.disconnect();
  }
}
