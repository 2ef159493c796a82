import { REDIS_TOPOLOGIES } from '../../support/redis-topology';
import { CacheTestKit, sleep } from './cache-test-kit';

describe.each(REDIS_TOPOLOGIES)(
  'Cache | L1 renewal (a hot key stays in L1 while it is read) (%s Redis)',
  (topology) => {
    const kit = new CacheTestKit(topology);
    beforeAll(() => kit.start(), 60_000);
    afterAll(() => kit.cleanup());

    it('renews a hot key from L2 before its L1 copy expires: readers never miss L1 again', async () => {
      const cache = await kit.cache();
      let loads = 0;
      const load = () => Promise.resolve({ n: ++loads });
      // The renewal window is the last 200 ms of the L1 life: a read every 20 ms lands in it even
      // when a busy machine stretches the sleeps several times over.
      const opts = { ttl: '1m', jitter: 0, l1Ttl: 1000 } as const;
      await cache.getOrSet('hot', load, opts);
      const missesAfterFill = cache.metrics.count('misses', 'l1');

      // Three L1 lifetimes of steady reads.
      const states = new Set<string>();
      for (let i = 0; i < 150; i++) {
        states.add((await cache.getOrSetWithState('hot', load, opts)).state);
        await sleep(20);
      }
      expect(states).toEqual(new Set(['l1']));
      expect(cache.metrics.count('misses', 'l1')).toBe(missesAfterFill);
      expect(loads).toBe(1);
    });

    it('does not bring back an evicted value: the renewal reads L2, which the eviction cleared', async () => {
      const cache = await kit.cache();
      let version = 1;
      const load = () => Promise.resolve({ v: version });
      const opts = { ttl: '1m', jitter: 0, l1Ttl: 200 } as const;
      await cache.getOrSet('edited', load, opts);
      await sleep(170); // inside the last fifth of the L1 life: the next hit starts a renewal
      const renewing = cache.getOrSet('edited', load, opts);
      version = 2;
      await cache.evict('edited');
      expect(await renewing).toEqual({ v: 1 }); // that hit was served before the write
      await sleep(50);
      expect(await cache.getOrSet('edited', load, opts)).toEqual({ v: 2 });
    });

    it('lets a key nobody reads expire from L1 as before', async () => {
      const cache = await kit.cache();
      const load = () => Promise.resolve({ v: 1 });
      const opts = { ttl: '1m', jitter: 0, l1Ttl: 100 } as const;
      await cache.getOrSet('cold', load, opts);
      await sleep(150);
      expect((await cache.getOrSetWithState('cold', load, opts)).state).toBe('l2');
    });
  },
);
