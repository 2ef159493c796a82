import { REDIS_TOPOLOGIES } from '../../support/redis-topology';
import { CacheTestKit, nextEvent, sleep } from './cache-test-kit';

describe.each(REDIS_TOPOLOGIES)(
  'Cache | Stale-while-revalidate (graced copy answered at once, one load fleet-wide) (%s Redis)',
  (topology) => {
    const kit = new CacheTestKit(topology);
    beforeAll(() => kit.start(), 60_000);
    afterAll(() => kit.cleanup());

    /** A loader that takes `ms` and counts its calls; `version` is what the next load returns. */
    function slowLoader(ms: number) {
      const state = { loads: 0, version: 1 };
      const load = async () => {
        state.loads++;
        const v = state.version;
        await sleep(ms);
        return { v };
      };
      return { state, load };
    }

    it('answers every waiter of two instances with the graced copy while one load runs, then the new value', async () => {
      const [a, b] = await Promise.all([kit.cache(), kit.cache()]);
      const { state, load } = slowLoader(300);
      const opts = { ttl: 100, jitter: 0, l1Ttl: 50, staleTtl: '1m' } as const;
      expect(await a.getOrSet('hot', load, opts)).toEqual({ v: 1 });
      await sleep(150); // logically expired, still graced
      state.version = 2;
      const loaded = Promise.race([a, b].map((svc) => nextEvent(svc, 'cache:load')));

      const reads = await Promise.all(
        [a, b].flatMap((svc) =>
          Array.from({ length: 100 }, () => svc.getOrSetWithState('hot', load, opts)),
        ),
      );
      // Answered before the 300 ms load could have finished, so every one of them is the old copy.
      expect(new Set(reads.map((r) => `${r.state}:${JSON.stringify(r.value)}`))).toEqual(
        new Set(['stale:{"v":1}']),
      );
      expect(a.metrics.count('stale_served', 'revalidating')).toBeGreaterThan(0);
      expect(b.metrics.count('stale_served', 'revalidating')).toBeGreaterThan(0);

      expect(await loaded).toEqual({ key: 'hot', ok: true });
      expect(await a.getOrSet('hot', load, opts)).toEqual({ v: 2 });
      expect(await b.getOrSet('hot', load, opts)).toEqual({ v: 2 });
      expect(state.loads).toBe(2); // the first fill and the one revalidation
    });

    it('serves nothing stale past staleTtl: the reader waits for the load', async () => {
      const cache = await kit.cache();
      const { state, load } = slowLoader(50);
      const opts = { ttl: 50, jitter: 0, l1Ttl: false, staleTtl: 50 } as const;
      await cache.getOrSet('short-grace', load, opts);
      await sleep(150); // past ttl + staleTtl: the copy is gone
      state.version = 2;
      expect(await cache.getOrSetWithState('short-grace', load, opts)).toEqual({
        value: { v: 2 },
        state: 'miss',
      });
      expect(cache.metrics.count('stale_served', 'revalidating')).toBe(0);
    });

    it('waits up to a non-zero staleWhileRevalidate for the load before answering stale', async () => {
      const cache = await kit.cache();
      const { state, load } = slowLoader(50);
      const soft = { ttl: 50, jitter: 0, l1Ttl: false, staleTtl: '1m' } as const;
      await cache.getOrSet('soft', load, soft);
      await sleep(100);
      state.version = 2;
      // A 50 ms load fits in a 5 s soft timeout: the reader gets the new value, not the old one.
      expect(
        await cache.getOrSetWithState('soft', load, { ...soft, staleWhileRevalidate: '5s' }),
      ).toEqual({ value: { v: 2 }, state: 'miss' });
    });

    it('keeps the graced copy when the revalidation fails, until staleTtl', async () => {
      const cache = await kit.cache();
      let fail = false;
      const load = async () => {
        if (fail) throw new Error('database down');
        return 'v1';
      };
      const opts = { ttl: 50, jitter: 0, l1Ttl: false, staleTtl: '1m' } as const;
      await cache.getOrSet('failing', load, opts);
      await sleep(100);
      fail = true;
      const failed = nextEvent(cache, 'cache:load');
      expect(await cache.getOrSetWithState('failing', load, opts)).toEqual({
        value: 'v1',
        state: 'stale',
      });
      expect(await failed).toEqual({ key: 'failing', ok: false });
      expect(await cache.getOrSetWithState('failing', load, opts)).toEqual({
        value: 'v1',
        state: 'stale',
      });
    });
  },
);
