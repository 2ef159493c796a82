import { REDIS_TOPOLOGIES } from '../../support/redis-topology';
import { CacheTestKit } from './cache-test-kit';

describe.each(REDIS_TOPOLOGIES)(
  'Cache | Penetration (null caching, Bloom filter) (%s Redis)',
  (topology) => {
    const kit = new CacheTestKit(topology);
    beforeAll(() => kit.start(), 60_000);
    afterAll(() => kit.cleanup());

    it('caches a not-found for nullTtl so repeated unknown ids cost one SELECT', async () => {
      const { pool, schema } = await kit.pg(100);
      const cache = await kit.cache({ l1: false });
      let selects = 0;
      const load = async () => {
        selects++;
        const { rows } = await pool.query(`SELECT * FROM ${schema}.products WHERE id = $1`, [999]);
        return rows[0] ?? null;
      };
      for (let i = 0; i < 5; i++) {
        expect(await cache.getOrSet('product:999', load, { nullTtl: '30s' })).toBeNull();
      }
      expect(selects).toBe(1);
      expect(cache.metrics.count('hits', 'l2')).toBe(4);
    });

    it('rejects ids the Bloom filter has never seen without touching values or the loader', async () => {
      const { pool, schema } = await kit.pg(100);
      async function* ids() {
        const { rows } = await pool.query<{ id: number }>(`SELECT id FROM ${schema}.products`);
        for (const r of rows) yield String(r.id);
      }
      const cache = await kit.cache({
        bloomFilters: { products: { expectedItems: 1_000, falsePositiveRate: 0.01, source: ids } },
      });
      expect(await cache.bloom('products').rebuild()).toEqual({ members: 100 });
      let loads = 0;
      const loader = async () => ({ id: ++loads });
      const before = await kit.keys('ns:*product:*');
      const rejected = await cache.getOrSetWithState('product:5000', loader, {
        bloom: 'products',
        bloomMember: '5000',
      });
      expect(rejected).toEqual({ value: null, state: 'rejected' });
      expect(loads).toBe(0);
      expect(await kit.keys('ns:*product:*')).toEqual(before);
      expect(cache.metrics.count('bloom_rejects', 'products')).toBe(1);
      const known = await cache.getOrSetWithState('product:42', loader, {
        bloom: 'products',
        bloomMember: '42',
      });
      expect(known.state).toBe('miss');
      expect(loads).toBe(1);
    });

    it('lets new members in after add() and keeps them through a rebuild', async () => {
      const members = ['a', 'b'];
      async function* source() {
        yield* members;
      }
      const cache = await kit.cache({
        bloomFilters: { users: { expectedItems: 100, falsePositiveRate: 0.001, source } },
      });
      const bloom = cache.bloom('users');
      expect(await bloom.mightContain('zzz')).toBe(true); // not built yet: fail open
      await bloom.rebuild();
      expect(await bloom.mightContainMany(['a', 'b', 'c'])).toEqual([true, true, false]);
      await bloom.add('c');
      expect(await bloom.mightContain('c')).toBe(true);
      members.push('c');
      await bloom.rebuild();
      expect(await bloom.mightContainMany(['a', 'b', 'c', 'd'])).toEqual([true, true, true, false]);
    });

    it('is shared by instances and has a false-positive rate near its target', async () => {
      const n = 20_000;
      async function* source() {
        for (let i = 0; i < n; i++) yield `member-${i}`;
      }
      const bloomFilters = { big: { expectedItems: n, falsePositiveRate: 0.01, source } };
      const [a, b] = await Promise.all([kit.cache({ bloomFilters }), kit.cache({ bloomFilters })]);
      await a.bloom('big').rebuild();
      const present = Array.from({ length: 1_000 }, (_, i) => `member-${i * 7}`);
      expect((await b.bloom('big').mightContainMany(present)).every(Boolean)).toBe(true);
      const absent = Array.from({ length: 20_000 }, (_, i) => `absent-${i}`);
      const answers = await b.bloom('big').mightContainMany(absent);
      const fpr = answers.filter(Boolean).length / absent.length;
      expect(fpr).toBeGreaterThan(0.005);
      expect(fpr).toBeLessThan(0.015);
      // 9.59 bits per member at p = 0.01, plus the sentinel bit.
      expect(await a.bloom('big').byteSize()).toBe(Math.ceil((a.bloom('big').size.bits + 1) / 8));
    });

    it('keeps instances with different sizes consistent: the stored size wins until a rebuild', async () => {
      const members = Array.from({ length: 2_000 }, (_, i) => `sized-${i}`);
      let gated = false;
      let atGate!: () => void;
      const reachedGate = new Promise<void>((r) => (atGate = r));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      async function* source() {
        yield* members;
        if (!gated) return;
        atGate();
        await gate;
      }
      const [a, b, small] = await Promise.all([
        kit.cache({ bloomFilters: { sized: { expectedItems: 2_000, source } } }),
        kit.cache({ bloomFilters: { sized: { expectedItems: 20_000, source } } }),
        kit.cache({ bloomFilters: { sized: { expectedItems: 200 } } }),
      ]);
      await a.bloom('sized').rebuild();
      // With their own sizes b and small would miss members (small's sentinel bit lies inside a's
      // half-full bitmap, so it would even believe its wrong positions: 404s for real members).
      for (const other of [b, small]) {
        expect((await other.bloom('sized').mightContainMany(members)).every(Boolean)).toBe(true);
        expect(other.bloom('sized').size).toEqual(a.bloom('sized').configuredSize);
      }
      await b.bloom('sized').add('from-b');
      expect(await a.bloom('sized').mightContain('from-b')).toBe(true);

      // b rebuilds with its settings while a adds: the add reaches the new filter in its size.
      gated = true;
      const rebuilding = b.bloom('sized').rebuild();
      await reachedGate;
      const key = kit.key('sized', '__bloom:');
      expect(await kit.redis.exists(`${key}:building`)).toBe(1);
      await a.bloom('sized').add('from-a-mid-build');
      release();
      await rebuilding;
      expect(await kit.redis.get(`${key}:size`)).toBe(
        `${b.bloom('sized').configuredSize.bits}:${b.bloom('sized').configuredSize.hashes}`,
      );
      const all = [...members, 'from-a-mid-build'];
      expect((await a.bloom('sized').mightContainMany(all)).every(Boolean)).toBe(true);
      expect(a.bloom('sized').size).toEqual(b.bloom('sized').configuredSize);
      expect((await b.bloom('sized').mightContainMany(all)).every(Boolean)).toBe(true);
      const absent = Array.from({ length: 2_000 }, (_, i) => `absent-${i}`);
      expect((await a.bloom('sized').mightContainMany(absent)).filter(Boolean).length).toBeLessThan(
        60,
      );
    });

    it('serves readers from the old filter while a rebuild runs (temp key + RENAME)', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let phase = 1;
      async function* source() {
        yield phase === 1 ? 'old' : 'new';
        if (phase === 2) await gate;
      }
      const cache = await kit.cache({ bloomFilters: { swap: { expectedItems: 100, source } } });
      const bloom = cache.bloom('swap');
      await bloom.rebuild();
      phase = 2;
      const rebuilding = bloom.rebuild();
      await new Promise((r) => setImmediate(r));
      await bloom.add('added-during-rebuild');
      expect(await bloom.mightContainMany(['old', 'new'])).toEqual([true, false]);
      release();
      await rebuilding;
      expect(await bloom.mightContainMany(['old', 'new', 'added-during-rebuild'])).toEqual([
        false,
        true,
        true,
      ]);
    });
  },
);
