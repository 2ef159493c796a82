/**
 * Refresh-ahead bench: one hot key read in a closed loop for BENCH_SECONDS (10) by 32 readers
 * over two CacheService instances on one Redis, with a loader that takes 50 ms and then one
 * that takes 500 ms. Compares, in one run, the fixed fraction (`refreshAhead: 0.8`, the
 * baseline and the shop's setting until now) with XFetch (`refreshAhead: 'xfetch'`, β = 1):
 *   - loads per TTL: what the key costs the database;
 *   - reads that waited for a load: the key expired before its refresh landed (no grace here,
 *     `staleTtl: 0`, so an expiry is a wait, not a stale answer);
 *   - p99 read latency.
 * TTL 2 s, L1 500 ms, no jitter; each reader yields one event-loop turn per read (setImmediate),
 * so reads interleave with timers and Redis replies as requests do in a server.
 *
 *   npm run bench:refresh   (BENCH_SECONDS=10)
 */
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { type CacheEntryOptions, CacheService } from '@bulwark/cache';
import { percentile, REDIS_URL } from './cache-bench-kit';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const READERS = 32;
const TTL_MS = 2_000;
const LOADERS_MS = [50, 500];
const STRATEGIES: { name: string; refreshAhead: number | 'xfetch' }[] = [
  { name: 'fixed 0.8', refreshAhead: 0.8 },
  { name: 'xfetch β=1', refreshAhead: 'xfetch' },
];
const app = `bench${randomBytes(3).toString('hex')}`;

interface Row {
  strategy: string;
  loaderMs: number;
  reads: number;
  loads: number;
  loadsPerTtl: number;
  /** Reads that began while the key had expired and its refresh had not landed yet. */
  waitedReads: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

async function scenario(
  caches: CacheService[],
  strategy: (typeof STRATEGIES)[number],
  loaderMs: number,
): Promise<Row> {
  const key = `hot:${strategy.name}:${loaderMs}`;
  let loads = 0;
  /** Until when the newest loaded value is fresh (no jitter: its TTL is exactly TTL_MS). */
  let freshUntil = 0;
  const loader = async () => {
    loads++;
    await sleep(loaderMs);
    freshUntil = Date.now() + TTL_MS;
    return { name: 'hot' };
  };
  const opts: CacheEntryOptions = {
    ttl: TTL_MS,
    l1Ttl: 500,
    jitter: 0,
    staleTtl: 0,
    refreshAhead: strategy.refreshAhead,
  };
  await caches[0].getOrSet(key, loader, opts); // the first fill is not counted
  loads = 0;
  const latencies: number[] = [];
  let waited = 0;
  const until = performance.now() + SECONDS * 1_000;
  await Promise.all(
    Array.from({ length: READERS }, async (_, i) => {
      const cache = caches[i % caches.length];
      while (performance.now() < until) {
        // No fresh value anywhere when this read began (and no grace): it waits for a load.
        if (Date.now() >= freshUntil) waited++;
        const t = performance.now();
        await cache.getOrSet(key, loader, opts);
        latencies.push(performance.now() - t);
        await nextTurn();
      }
    }),
  );
  return {
    strategy: strategy.name,
    loaderMs,
    reads: latencies.length,
    loads,
    loadsPerTtl: Math.round((loads / ((SECONDS * 1_000) / TTL_MS)) * 100) / 100,
    waitedReads: waited,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    p999Ms: percentile(latencies, 99.9),
    maxMs: percentile(latencies, 100),
  };
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const caches = await Promise.all(
    [0, 1].map(async () => {
      const c = new CacheService({
        app,
        namespace: 'refresh',
        redisUrl: REDIS_URL,
        registry: new Registry(),
      });
      await c.onModuleInit();
      return c;
    }),
  );
  const rows: Row[] = [];
  try {
    for (const loaderMs of LOADERS_MS) {
      for (const strategy of STRATEGIES) rows.push(await scenario(caches, strategy, loaderMs));
    }
  } finally {
    await Promise.all(caches.map((c) => c.onModuleDestroy()));
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${app}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  // The bar: XFetch waits no more than the fixed fraction, at equal or fewer loads.
  const verdicts = LOADERS_MS.map((loaderMs) => {
    const [fixed, xfetch] = STRATEGIES.map((s) =>
      rows.find((r) => r.loaderMs === loaderMs && r.strategy === s.name)!,
    );
    return {
      loaderMs,
      xfetchWaitsNoMore: xfetch.waitedReads <= fixed.waitedReads,
      xfetchLoadsNoMore: xfetch.loads <= fixed.loads,
    };
  });
  const xfetchBetter = verdicts.every((v) => v.xfetchWaitsNoMore && v.xfetchLoadsNoMore);
  console.log(
    JSON.stringify({
      bench: 'refresh',
      seconds: SECONDS,
      readers: READERS,
      ttlMs: TTL_MS,
      rows,
      verdicts,
      xfetchBetter,
    }),
  );
  console.table(
    rows.map((r) => ({
      strategy: r.strategy,
      'loader ms': r.loaderMs,
      reads: r.reads,
      loads: r.loads,
      'loads / TTL': r.loadsPerTtl,
      'waited for a load': r.waitedReads,
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      'p99.9 ms': r.p999Ms,
      'max ms': r.maxMs,
    })),
  );
}

void main();
