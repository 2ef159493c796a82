import { Redis, type RedisOptions } from 'ioredis';

/** The one connection family: commands, plus the SUBSCRIBE connection Redis forces on us. */
export interface RedisConnections {
  readonly main: Redis;
  readonly sub: Redis;
  /** Whether `main` was created here (and must be closed here). */
  readonly ownsMain: boolean;
}

/** ioredis's own timeout is only a backstop that clears truly hung commands from its queue. */
const BACKSTOP_FACTOR = 20;
const BACKSTOP_MIN_MS = 1_000;

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
    retryStrategy: (times) => Math.min(times * 50, 1_000),
  };
}

/** Opens (or reuses) the command connection and duplicates it for pub/sub. */
export function createRedisConnections(
  url: string | undefined,
  existing: Redis | undefined,
  commandTimeout: number,
): RedisConnections {
  const opts = failFastOptions(commandTimeout);
  const main = existing ?? new Redis(url as string, opts);
  // The subscriber queues while offline so ioredis can (re)subscribe on connect; callers bound
  // their waits on it themselves (see RedisCacheBus).
  const sub = main.duplicate({ ...opts, commandTimeout: undefined, enableOfflineQueue: true });
  return { main, sub, ownsMain: existing === undefined };
}

/** Resolves once the client is ready, or after `timeoutMs` (then the module starts degraded). */
export async function waitReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return true;
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
export async function closeClient(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
  } else {
    client.disconnect();
  }
}
