import { REDIS_TOPOLOGIES } from '../../support/redis-topology';
import { KeyvIoredisStore } from '@bulwark/cache';
import { CacheTestKit, nextEvent } from './cache-test-kit';

describe.each(REDIS_TOPOLOGIES)(
  'Cache | Consistency (evict, double delete, L1 invalidation, stale-write race) (%s Redis)',
  (topology) => {
    const kit = new CacheTestKit(topology);
    beforeAll(() => kit.start(), 60_000);
    afterAll(() => kit.cleanup());

    it('evicts L2, drops every instance L1 and deletes once more after the delay', async () => {
      const [a, b] = await Promise.all([
        kit.cache({ doubleDeleteDelay: '100ms' }),
        kit.cache({ doubleDeleteDelay: '100ms' }),
      ]);
      const { pool, schema } = await kit.pg(10);
      const row = async () =>
        (await pool.query(`SELECT price FROM ${schema}.products WHERE id = 1`)).rows[0] as {
          price: number;
        };
      expect(await a.getOrSet('product:1', row)).toEqual({ price: 10 });
      expect(await b.getOrSet('product:1', row)).toEqual({ price: 10 });
      expect(b.metrics.count('hits', 'l2')).toBe(1);
      await pool.query(`UPDATE ${schema}.products SET price = 11 WHERE id = 1`);

      const invalidated = nextEvent(b, 'cache:invalidated');
      const secondDelete = nextEvent(a, 'cache:double-delete');
      await a.evict('product:1');
      expect(await invalidated).toEqual({ key: 'product:1' });
      expect(b.metrics.count('invalidations_received')).toBe(1);
      expect(await b.get('product:1')).toBeUndefined(); // gone from b's L1 and from L2

      // A writer that bypasses the generation check puts the old row back: the second delete fixes it.
      await a.set('product:1', { price: 10 }, { l1Ttl: false });
      await secondDelete;
      expect(await kit.redis.exists(kit.key('product:1'))).toBe(0);
      expect(await b.getOrSet('product:1', row)).toEqual({ price: 11 });
    });

    it('set() writes L2 and drops the old value from the other instances L1', async () => {
      const [a, b] = await Promise.all([kit.cache(), kit.cache()]);
      const unused = () => Promise.resolve({ price: -1 });
      await a.set('product:7', { price: 70 });
      expect(await b.getOrSet('product:7', unused)).toEqual({ price: 70 });
      expect(await b.getOrSet('product:7', unused)).toEqual({ price: 70 });
      expect([b.metrics.count('hits', 'l2'), b.metrics.count('hits', 'l1')]).toEqual([1, 1]);

      const invalidated = nextEvent(b, 'cache:invalidated');
      await a.set('product:7', { price: 71 });
      expect(await invalidated).toEqual({ key: 'product:7' });
      expect(await b.getOrSet('product:7', unused)).toEqual({ price: 71 }); // from L2, not old L1
      expect(b.metrics.count('hits', 'l2')).toBe(2);
      expect(a.metrics.count('invalidations_received')).toBe(0); // its own message is ignored
    });

    it('refuses to write back a row read before an eviction (generation check)', async () => {
      const cache = await kit.cache({ doubleDeleteDelay: 0 });
      const { pool, schema } = await kit.pg(10);
      let releaseLoader!: () => void;
      const loaderMayReturn = new Promise<void>((r) => (releaseLoader = r));
      let loads = 0;
      const slowLoader = async () => {
        loads++;
        const { rows } = await pool.query(`SELECT price FROM ${schema}.products WHERE id = 2`);
        if (loads === 1) await loaderMayReturn; // holds the old row across the update
        return rows[0] as { price: number };
      };
      const inflight = cache.getOrSet('product:2', slowLoader);
      await nextEvent(cache, 'cache:miss');
      await new Promise((r) => setTimeout(r, 20)); // let the loader read the old row
      await pool.query(`UPDATE ${schema}.products SET price = 99 WHERE id = 2`);
      await cache.evict('product:2');
      releaseLoader();
      expect(await inflight).toEqual({ price: 20 }); // the caller still gets what it read…
      expect(cache.metrics.count('stale_writes_prevented')).toBe(1);
      expect(await kit.redis.exists(kit.key('product:2'))).toBe(0); // …but it is not cached
      expect(await cache.getOrSet('product:2', slowLoader)).toEqual({ price: 99 });
      expect(loads).toBe(2);
    });

    it('KeyvIoredisStore.clear() removes its prefix on every master, and nothing else', async () => {
      await kit.start();
      const store = new KeyvIoredisStore(kit.redis, `${kit.app}:kv:`);
      const other = new KeyvIoredisStore(kit.redis, `${kit.app}:kept:`);
      await Promise.all(Array.from({ length: 60 }, (_, i) => store.set(`k${i}`, { i })));
      await other.set('k0', { kept: true });
      expect(await kit.keys('kv:*')).toHaveLength(60);
      await store.clear();
      expect(await kit.keys('kv:*')).toEqual([]);
      expect(await other.get('k0')).toEqual({ kept: true });
    });

    it('runs on an existing ioredis client and leaves it open on shutdown', async () => {
      const cache = await kit.cache({ redisUrl: undefined, redis: kit.redis });
      expect(cache.backend).toBe('redis');
      expect(await cache.getOrSet('shared-client', async () => 'v')).toBe('v');
      expect(await kit.redis.exists(kit.key('shared-client'))).toBe(1);
      await cache.onModuleDestroy();
      expect(kit.redis.status).toBe('ready');
    });
  },
);
