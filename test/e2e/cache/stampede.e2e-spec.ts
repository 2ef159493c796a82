import { REDIS_TOPOLOGIES } from '../../support/redis-topology';
import { CacheTestKit, nextEvent, sleep } from './cache-test-kit';

describe.each(REDIS_TOPOLOGIES)('Cache | Stampede protection (%s Redis + Postgres)', (topology) => {
  const kit = new CacheTestKit(topology);
  beforeAll(() => kit.start(), 60_000);
  afterAll(() => kit.cleanup());

  /** A loader that really queries Postgres and counts its SELECTs. */
  async function productLoader(seconds: number) {
    const { pool, schema } = await kit.pg();
    let selects = 0;
    const load = async (id: number) => {
      selects++;
      const { rows } = await pool.query(
        `SELECT p.*, pg_sleep($2) IS NULL AS slept FROM ${schema}.products p WHERE id = $1`,
        [id, seconds],
      );
      return rows[0] ?? null;
    };
    return { load, selects: () => selects };
  }

  it('coalesces 200 concurrent misses in one instance into one load (single-flight)', async () => {
    const cache = await kit.cache();
    const { load, selects } = await productLoader(0.05);
    const results = await Promise.all(
      Array.from({ length: 200 }, () => cache.getOrSet('product:1', () => load(1))),
    );
    expect(selects()).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]).toMatchObject({ id: 1, name: 'product 1' });
    expect(cache.metrics.count('coalesced')).toBe(199);
  });

  it('makes other instances wait on the fleet lock and wakes them by pub/sub, not by polling', async () => {
    // A 10 s first poll: if waiters were not woken by the "filled" message they would poll.
    const opts = { pollInterval: 10_000, pollMaxInterval: 10_000 } as const;
    const [a, b, c] = await Promise.all([kit.cache(opts), kit.cache(opts), kit.cache(opts)]);
    const { load, selects } = await productLoader(0.3);
    const first = a.getOrSet('product:2', () => load(2), { waitTimeout: '20s' });
    await sleep(50); // let `a` take the lock first
    const others = [b, c].flatMap((svc) =>
      Array.from({ length: 50 }, () =>
        svc.getOrSet('product:2', () => load(2), { waitTimeout: '20s' }),
      ),
    );
    const all = await Promise.all([first, ...others]);
    expect(selects()).toBe(1);
    expect(all.every((r) => r !== null && (r as { id: number }).id === 2)).toBe(true);
    expect(b.metrics.count('lock_waits') + c.metrics.count('lock_waits')).toBe(2);
    expect(b.metrics.count('lock_polls') + c.metrics.count('lock_polls')).toBe(0);
    expect(b.metrics.count('hits', 'l2') + c.metrics.count('hits', 'l2')).toBe(2);
  });

  it('lets exactly one other instance load when the lock holder dies (lease expiry)', async () => {
    const [a, b, c] = await Promise.all([kit.cache(), kit.cache(), kit.cache()]);
    const { load, selects } = await productLoader(0);
    // A "crashed" holder: another client takes the lock and never releases it.
    const zombie = (await kit.start()).client();
    await zombie.set(kit.key('product:3', '__lock:'), 'dead-instance', 'PX', 400, 'NX');
    const results = await Promise.all(
      [a, b, c].flatMap((svc) =>
        Array.from({ length: 20 }, () => svc.getOrSet('product:3', () => load(3))),
      ),
    );
    zombie.disconnect();
    expect(selects()).toBe(1);
    expect(results.every((r) => (r as { id: number }).id === 3)).toBe(true);
    const waits = [a, b, c].reduce((n, s) => n + s.metrics.count('lock_waits'), 0);
    expect(waits).toBe(3);
  });

  it('extends the lease while a slow loader runs, so nobody overtakes it', async () => {
    const opts = { pollInterval: 20, pollMaxInterval: 20 } as const;
    const [a, b] = await Promise.all([kit.cache(opts), kit.cache(opts)]);
    const { load, selects } = await productLoader(0.6); // 3× the lease below
    const entry = { lockTtl: 200, waitTimeout: '5s' } as const;
    const first = a.getOrSet('product:4', () => load(4), entry);
    await sleep(50);
    const second = b.getOrSet('product:4', () => load(4), entry);
    expect(await Promise.all([first, second])).toEqual([
      expect.objectContaining({ id: 4 }),
      expect.objectContaining({ id: 4 }),
    ]);
    expect(selects()).toBe(1);
    expect(b.metrics.count('lock_polls')).toBeGreaterThan(3); // it kept trying the lock meanwhile
  });

  it('stops waiting after waitTimeout and loads itself when the holder never finishes', async () => {
    const cache = await kit.cache({ pollInterval: 20, pollMaxInterval: 50 });
    const zombie = (await kit.start()).client();
    await zombie.set(kit.key('product:5', '__lock:'), 'stuck-instance', 'PX', 60_000);
    const timedOut = nextEvent(cache, 'cache:lock-timeout');
    let loads = 0;
    const value = await cache.getOrSet('product:5', async () => ++loads, { waitTimeout: 200 });
    zombie.disconnect();
    expect(value).toBe(1);
    expect(await timedOut).toEqual({ key: 'product:5' });
    expect(cache.metrics.count('lock_timeouts')).toBe(1);
  });
});
