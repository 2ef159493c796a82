/**
 * Bloom filter bench: 1,000,000 members at p = 0.01 in the Redis-backed filter of
 * `@bulwark/cache`, built through `rebuild()` (pipelined BITFIELD writes), then probed with
 * 200,000 absent keys. Reports measured FPR and bits per member against theory.
 *
 *   npm run bench:bloom        (REDIS_URL defaults to redis://127.0.0.1:6379)
 */
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { CacheService, expectedFpr } from '@bulwark/cache';
import { printVerdict } from './verdict';

const N = Number(process.env.BLOOM_N ?? 1_000_000);
const P = 0.01;
const ABSENT = Number(process.env.BLOOM_ABSENT ?? 200_000);
const PRESENT_SAMPLE = 100_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function main() {
  Logger.overrideLogger(['error']);
  const app = `bench${randomBytes(3).toString('hex')}`;
  async function* members() {
    for (let i = 0; i < N; i++) yield `product:${i}`;
  }
  const cache = new CacheService({
    app,
    redisUrl: REDIS_URL,
    registry: new Registry(),
    // Bulk pipelines are not hot-path reads: give them time instead of the 50 ms fail-fast.
    commandTimeout: 10_000,
    bloomFilters: { bench: { expectedItems: N, falsePositiveRate: P, source: members } },
  });
  await cache.onModuleInit();
  const bloom = cache.bloom('bench');
  try {
    const t0 = performance.now();
    await bloom.rebuild();
    const buildMs = performance.now() - t0;

    const present = Array.from({ length: PRESENT_SAMPLE }, (_, i) => `product:${(i * 9_973) % N}`);
    const falseNegatives = (await bloom.mightContainMany(present)).filter((x) => !x).length;

    const absent = Array.from({ length: ABSENT }, (_, i) => `absent:${i}`);
    const t1 = performance.now();
    const answers = await bloom.mightContainMany(absent);
    const checkMs = performance.now() - t1;
    const fpr = answers.filter(Boolean).length / ABSENT;

    const bytes = await bloom.byteSize();
    const theoryBits = -Math.log(P) / Math.LN2 ** 2;
    const result = {
      bench: 'bloom',
      members: N,
      targetP: P,
      hashes: bloom.size.hashes,
      bits: bloom.size.bits,
      bitsPerKeyTheory: +theoryBits.toFixed(3),
      bitsPerKeyConfigured: +(bloom.size.bits / N).toFixed(3),
      bitsPerKeyStored: +((bytes * 8) / N).toFixed(3),
      bitsRatioVsTheory: +((bytes * 8) / N / theoryBits).toFixed(4),
      absentProbed: ABSENT,
      measuredFpr: +fpr.toFixed(5),
      expectedFpr: +expectedFpr(N, bloom.size).toFixed(5),
      fprVsTarget: +(fpr / P).toFixed(3),
      falseNegatives,
      redisBytes: bytes,
      buildMs: Math.round(buildMs),
      buildKeysPerSec: Math.round(N / (buildMs / 1000)),
      checksPerSec: Math.round(ABSENT / (checkMs / 1000)),
      redisErrors: cache.metrics.count('redis_errors'),
      pass:
        (bytes * 8) / N / theoryBits <= 1.05 &&
        Math.abs(fpr / P - 1) <= 0.25 &&
        falseNegatives === 0,
    };
    console.log(JSON.stringify(result));
    console.table({
      'bits/key (theory)': result.bitsPerKeyTheory,
      'bits/key (stored in Redis)': result.bitsPerKeyStored,
      'ratio vs theory (target <= 1.05)': result.bitsRatioVsTheory,
      'FPR measured': result.measuredFpr,
      'FPR target (±25%)': P,
      'false negatives': falseNegatives,
      'build (ms)': result.buildMs,
      'checks/s (batched)': result.checksPerSec,
      pass: result.pass,
    });
    printVerdict(
      result.pass,
      `bits/key ≤ 1.05× theory, FPR within ±25 % of ${P}, no false negative`,
    );
  } finally {
    await bloom.drop();
    await cache.onModuleDestroy();
    const redis = new Redis(REDIS_URL);
    const left = await redis.keys(`${app}:*`);
    if (left.length > 0) await redis.del(...left);
    await redis.quit();
  }
}

void main();
