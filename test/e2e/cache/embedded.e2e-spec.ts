import { Registry } from 'prom-client';
import { CacheService } from '@bulwark/cache';
import { nextEvent, sleep } from './cache-test-kit';

/** The Redis-less embedded default runs the same code paths on in-process stand-ins. */
describe('Cache | Embedded backend (no Redis configured)', () => {
  let cache: CacheService;
  beforeEach(async () => {
    cache = new CacheService({
      registry: new Registry(),
      bloomFilters: {
        ids: {
          expectedItems: 100,
          source: async function* () {
            yield* ['1', '2'];
          },
        },
      },
    });
    await cache.onModuleInit();
  });
  afterEach(() => cache.onModuleDestroy());

  it('coalesces, caches nulls and rejects Bloom misses in-process', async () => {
    expect(cache.backend).toBe('memory');
    let loads = 0;
    const load = async () => {
      loads++;
      return null;
    };
    await Promise.all(Array.from({ length: 20 }, () => cache.getOrSet('missing', load)));
    await cache.getOrSet('missing', load, { l1Ttl: false });
    expect(loads).toBe(1);
    await cache.bloom('ids').rebuild();
    const rejected = await cache.getOrSetWithState('id:3', load, {
      bloom: 'ids',
      bloomMember: '3',
    });
    expect(rejected.state).toBe('rejected');
    expect(loads).toBe(1);
  });

  it('keeps the generation guard and grace without Redis', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inflight = cache.getOrSet('row', async () => {
      await gate;
      return 'old';
    });
    await sleep(5);
    await cache.evict('row');
    release();
    expect(await inflight).toBe('old');
    expect(cache.metrics.count('stale_writes_prevented')).toBe(1);
    expect(await cache.get('row')).toBeUndefined();

    const opts = { ttl: 50, jitter: 0, l1Ttl: false, staleTtl: '1m' } as const;
    await cache.getOrSet('graced', async () => 'v1', opts);
    await sleep(80);
    const stale = nextEvent(cache, 'cache:stale');
    const failing = () => Promise.reject(new Error('db down'));
    expect(await cache.getOrSetWithState('graced', failing, opts)).toEqual({
      value: 'v1',
      state: 'stale',
    });
    expect(await stale).toEqual({ key: 'graced' });
  });
});
