/**
 * Refresh-ahead bench: one hot key read in a closed loop by 32 readers over two CacheService
 * instances on one Redis, with a loader that takes 50 ms and then one that takes 500 ms.
 * Compares, in one run, the fixed fraction (`refreshAhead: 0.8`, the baseline and the shop's
 * setting until now) with XFetch (`refreshAhead: 'xfetch'`, β = 1):
 *   - loads per TTL and the mean time between reloads: what the key costs the database;
 *   - reads that waited for a load: the key expired before its refresh landed (no grace here,
 *     `staleTtl: 0`, so an expiry is a wait, not a stale answer);
 *   - p99 read latency.
 * TTL 60 s and L1 2 s: the shop's product settings (PRODUCT_CACHE), i.e. what a user sets for a
 * key whose load takes up to half a second: long enough that a load is a small part of the
 * key's life (a TTL of a few loads would spend a fifth of it reloading), short enough that a
 * price change shows within a minute. No jitter, so both strategies see the same expiries.
 * Each row runs BENCH_SECONDS (180: three TTLs, so every strategy reloads a few times); each
 * reader yields one event-loop turn per read (setImmediate), so reads interleave with timers and
 * Redis replies as requests do in a server. Latencies go to an HDR histogram (µs), not an array:
 * a row is tens of millions of reads.
 *
 *   npm run bench:refresh   (BENCH_SECONDS=180)
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { createHistogram } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { type CacheEntryOptions, CacheService } from '@bulwark/cache';
import { REDIS_URL } from './cache-bench-kit';

const TTL_MS = 60_000;
const L1_TTL_MS = 2_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? (3 * TTL_MS) / 1_000);
const READERS = 32;
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
  /** Mean time between the starts of successive loads (from the initial fill), in seconds. */
  reloadEverySec: number | null;
  /** Reads that began while the key had expired and its refresh had not landed yet. */
  waitedReads: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** 1-minute load average when the row ended (the machine is shared). */
  loadAvg1m: number;
}

async function scenario(
  caches: CacheService[],
  strategy: (typeof STRATEGIES)[number],
  loaderMs: number,
): Promise<Row> {
  const key = `hot:${strategy.name}:${loaderMs}`;
  let loads = 0;
  let lastLoadStart = 0;
  /** Until when the newest loaded value is fresh (no jitter: its TTL is exactly TTL_MS). */
  let freshUntil = 0;
  const loader = async () => {
    loads++;
    lastLoadStart = performance.now();
    await sleep(loaderMs);
    freshUntil = Date.now() + TTL_MS;
    return { name: 'hot' };
  };
  const opts: CacheEntryOptions = {
    ttl: TTL_MS,
    l1Ttl: L1_TTL_MS,
    jitter: 0,
    staleTtl: 0,
    refreshAhead: strategy.refreshAhead,
  };
  await caches[0].getOrSet(key, loader, opts); // the first fill is not counted
  const firstFill = lastLoadStart;
  loads = 0;
  const latencies = createHistogram();
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
        latencies.record(Math.max(1, Math.round((performance.now() - t) * 1_000)));
        await nextTurn();
      }
    }),
  );
  /** µs → ms with three decimals (an L1 hit is a few µs). */
  const ms = (us: number) => Math.round(us) / 1_000;
  return {
    strategy: strategy.name,
    loaderMs,
    reads: latencies.count,
    loads,
    loadsPerTtl: Math.round((loads / ((SECONDS * 1_000) / TTL_MS)) * 100) / 100,
    reloadEverySec: loads > 0 ? Math.round((lastLoadStart - firstFill) / loads / 100) / 10 : null,
    waitedReads: waited,
    p50Ms: ms(latencies.percentile(50)),
    p99Ms: ms(latencies.percentile(99)),
    p999Ms: ms(latencies.percentile(99.9)),
    maxMs: ms(latencies.max),
    loadAvg1m: loadAverage()[0],
  };
}

/** Other engineers share the machine: the load average goes next to the figures. */
const loadAverage = () => loadavg().map((l) => Math.round(l * 100) / 100);

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
      l1TtlMs: L1_TTL_MS,
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
      'reload every s': r.reloadEverySec,
      'waited for a load': r.waitedReads,
      'p50 ms': r.p50Ms,
      'p99 ms': r.p99Ms,
      'p99.9 ms': r.p999Ms,
      'max ms': r.maxMs,
      'load avg': r.loadAvg1m,
    })),
  );
}

void main();
