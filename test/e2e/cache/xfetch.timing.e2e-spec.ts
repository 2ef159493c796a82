import { setImmediate as nextTurn } from 'node:timers/promises';
import { CacheTestKit, sleep } from './cache-test-kit';

/**
 * XFetch on real Redis under a hot read loop over two instances: the head start must be a few δ
 * whatever the read rate (libs/cache/src/get-or-set/xfetch-draws.ts), one reload for the fleet,
 * and no read finds the key expired. A timing file: the window it asserts is wall-clock.
 */
describe('Cache | XFetch refresh-ahead under a hot read loop', () => {
  const kit = new CacheTestKit();
  afterAll(() => kit.cleanup());

  it('reloads once, a few δ before expiry, and no read waits for it', async () => {
    const [a, b] = await Promise.all([kit.cache(), kit.cache()]);
    const delta = 100;
    const ttl = 3_000;
    const starts: number[] = [];
    let freshUntil = 0;
    let version = 0;
    const loader = async () => {
      starts.push(Date.now());
      await sleep(delta);
      freshUntil = Date.now() + ttl;
      return { version: ++version };
    };
    const opts = { ttl, jitter: 0, l1Ttl: 5_000, refreshAhead: 'xfetch' } as const;
    await a.getOrSet('hot', loader, opts);
    const expiry = freshUntil;
    let reads = 0;
    let waited = 0;
    await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const cache = i % 2 === 0 ? a : b;
        while (Date.now() < expiry + 500) {
          if (Date.now() >= freshUntil) waited++;
          await cache.getOrSet('hot', loader, opts);
          reads++;
          await nextTurn();
        }
      }),
    );
    expect(reads).toBeGreaterThan(10_000);
    expect(starts).toHaveLength(2);
    expect(a.metrics.count('refresh_ahead') + b.metrics.count('refresh_ahead')).toBe(1);
    expect(waited).toBe(0);
    // Two instances: about 4.7 δ (P(> 12 δ) < 10⁻³); drawing on every read would be δ·ln(R·δ).
    const headStart = expiry - starts[1];
    expect(headStart).toBeGreaterThanOrEqual(delta);
    expect(headStart).toBeLessThan(12 * delta);
  });
});
