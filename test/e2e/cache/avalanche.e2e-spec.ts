import { REDIS_TOPOLOGIES } from '../../support/redis-topology';
import { CacheTestKit, nextEvent, sleep } from './cache-test-kit';

describe.each(REDIS_TOPOLOGIES)(
  'Cache | Avalanche (jitter, refresh-ahead, grace) (%s Redis)',
  (topology) => {
    const kit = new CacheTestKit(topology);
    beforeAll(() => kit.start(), 60_000);
    afterAll(() => kit.cleanup());

    it('spreads the TTLs of keys written together over [ttl, ttl * (1 + jitter)]', async () => {
      const cache = await kit.cache({ l1: false });
      const ttl = 60_000;
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          cache.getOrSet(`spread:${i}`, async () => i, { ttl, jitter: 0.2 }),
        ),
      );
      const keys = Array.from({ length: 200 }, (_, i) => kit.key(`spread:${i}`));
      const pttls = await Promise.all(keys.map((k) => kit.redis.pttl(k)));
      expect(Math.min(...pttls)).toBeGreaterThan(ttl - 5_000);
      expect(Math.max(...pttls)).toBeLessThanOrEqual(ttl * 1.2);
      // 200 uniform draws over a 12 s window: far more than 50 distinct seconds of expiry.
      expect(new Set(pttls.map((p) => Math.floor(p / 1000))).size).toBeGreaterThan(8);
      expect(Math.max(...pttls) - Math.min(...pttls)).toBeGreaterThan(ttl * 0.1);
    });

    it('reloads once in the background after refreshAhead while readers get the current value', async () => {
      const [a, b] = await Promise.all([kit.cache(), kit.cache()]);
      let version = 0;
      const loader = async () => ({ version: ++version });
      const opts = { ttl: 1_000, jitter: 0, l1Ttl: 5_000, refreshAhead: 0.5 } as const;
      expect(await a.getOrSet('hot', loader, opts)).toEqual({ version: 1 });
      expect(await b.getOrSet('hot', loader, opts)).toEqual({ version: 1 });
      await sleep(600); // past half of the 1 s TTL, still fresh
      // Either instance may win the refresh lock; the other must then skip.
      const refreshed = Promise.race([a, b].map((svc) => nextEvent(svc, 'cache:refreshed')));
      const reads = await Promise.all(
        [a, b].flatMap((svc) =>
          Array.from({ length: 25 }, () => svc.getOrSet('hot', loader, opts)),
        ),
      );
      expect(reads.every((r) => (r as { version: number }).version === 1)).toBe(true);
      expect(await refreshed).toEqual({ key: 'hot', ok: true });
      expect(version).toBe(2);
      expect(a.metrics.count('refresh_ahead') + b.metrics.count('refresh_ahead')).toBe(1);
      const winner = a.metrics.count('refresh_ahead') === 1 ? a : b;
      expect(await winner.getOrSet('hot', loader, opts)).toEqual({ version: 2 });
    });

    it('serves the last value in the grace window when the loader fails, and says so', async () => {
      const cache = await kit.cache();
      let fail = false;
      const loader = async () => {
        if (fail) throw new Error('database down');
        return { price: 10 };
      };
      // Waiting for the load (no stale-while-revalidate) is what makes its failure visible here.
      const opts = {
        ttl: 100,
        jitter: 0,
        l1Ttl: 50,
        staleTtl: '1m',
        staleWhileRevalidate: false,
      } as const;
      expect(await cache.getOrSetWithState('graced', loader, opts)).toEqual({
        value: { price: 10 },
        state: 'miss',
      });
      await sleep(150); // logically expired, physically kept for the grace window
      fail = true;
      const stale = nextEvent(cache, 'cache:stale');
      expect(await cache.getOrSetWithState('graced', loader, opts)).toEqual({
        value: { price: 10 },
        state: 'stale',
      });
      await stale;
      expect(cache.metrics.count('stale_served', 'fallback')).toBe(1);
      expect(cache.metrics.count('loads', 'error')).toBe(1);
      await expect(cache.getOrSet('never-cached', loader, opts)).rejects.toThrow('database down');
    });

    it('treats a loader past loadTimeout as failed and serves grace', async () => {
      const cache = await kit.cache();
      let hang = false;
      const loader = () => (hang ? new Promise<never>(() => undefined) : Promise.resolve('v1'));
      const opts = {
        ttl: 100,
        jitter: 0,
        l1Ttl: false,
        staleTtl: '1m',
        loadTimeout: 50,
        staleWhileRevalidate: false,
      } as const;
      await cache.getOrSet('slow', loader, opts);
      await sleep(150);
      hang = true;
      expect(await cache.getOrSetWithState('slow', loader, opts)).toEqual({
        value: 'v1',
        state: 'stale',
      });
      expect(cache.metrics.count('loads', 'timeout')).toBe(1);
    });
  },
);
