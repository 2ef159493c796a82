import { TcpProxy } from '../../support/tcp-proxy';
import { CacheTestKit, nextEvent, REDIS_URL, sleep } from './cache-test-kit';

const redisPort = Number(new URL(REDIS_URL).port || 6379);

describe('Cache | Durable evictions (kept while Redis is cut, replayed when it is ready)', () => {
  const kit = new CacheTestKit();
  const proxy = new TcpProxy(redisPort);
  let url: string;
  beforeAll(async () => {
    url = `redis://127.0.0.1:${await proxy.start()}`;
  });
  afterAll(async () => {
    await kit.cleanup();
    await proxy.stop();
  });

  it('keeps an eviction made during a cut, reads that key past L2 meanwhile, and replays it on ready', async () => {
    // Writer behind the proxy; reader straight on Redis, so it keeps seeing the old L2 value.
    const writer = await kit.cache({ redisUrl: url, doubleDeleteDelay: 0 });
    const reader = await kit.cache();
    let row = 'old';
    const load = async () => row;
    const opts = { l1Ttl: 100 } as const;
    expect(await writer.getOrSet('p:1', load, opts)).toBe('old');
    expect(await reader.getOrSet('p:1', load, opts)).toBe('old');

    const back = nextEvent(writer, 'cache:redis-state', (d) => !d.down);
    const cut = proxy.cut(1_000);
    await sleep(100);
    row = 'new'; // the database committed
    await writer.evict('p:1');
    expect(writer.metrics.count('evictions_deferred')).toBe(1);
    // The writer does not read its own stale L2 copy: it goes to the loader.
    expect(await writer.getOrSet('p:1', load, opts)).toBe('new');
    await sleep(150); // the reader's L1 copy expired; L2 still has the old value
    expect(await reader.getOrSet('p:1', load, opts)).toBe('old');

    const invalidated = nextEvent(reader, 'cache:invalidated');
    const replayed = nextEvent(writer, 'cache:evict-replayed');
    await cut;
    await back; // the client's ready event clears the outage, no read needed
    expect(await replayed).toEqual({ key: 'p:1' });
    expect(await invalidated).toEqual({ key: 'p:1' });
    expect(writer.metrics.count('evictions_replayed')).toBe(1);
    expect(await kit.redis.exists(`${kit.app}:ns:p:1`)).toBe(0);
    expect(await reader.getOrSet('p:1', load, opts)).toBe('new');
  });

  it('does not lose a write right after Redis returns: ready clears the outage, and evictions are tried regardless', async () => {
    const writer = await kit.cache({ redisUrl: url, doubleDeleteDelay: 0 });
    const reader = await kit.cache();
    let row = 'old';
    const load = async () => row;
    const opts = { l1Ttl: false } as const;
    expect(await writer.getOrSet('p:2', load, opts)).toBe('old');
    const down = nextEvent(writer, 'cache:redis-state', (d) => d.down);
    await proxy.cut(300);
    await down;
    // Wait for the reconnect without any read: before, only a read cleared the flag.
    for (let i = 0; i < 100 && writer.degraded; i++) await sleep(20);
    expect(writer.degraded).toBe(false);
    row = 'new';
    await writer.evict('p:2');
    expect(await reader.getOrSet('p:2', load, opts)).toBe('new');
    expect(writer.metrics.count('evictions_deferred')).toBe(0);
  });

  it('keeps one pending eviction per key and drops the oldest past maxPendingEvictions', async () => {
    const writer = await kit.cache({ redisUrl: url, doubleDeleteDelay: 0, maxPendingEvictions: 2 });
    const cut = proxy.cut(500);
    await sleep(50);
    for (const k of ['a', 'b', 'a', 'c']) await writer.evict(k);
    expect(writer.metrics.count('evictions_deferred')).toBe(4);
    expect(writer.metrics.count('evictions_dropped')).toBe(1); // 'b', the oldest after 'a' moved
    const replays: string[] = [];
    writer.on('cache:evict-replayed', ({ key }) => replays.push(key));
    await cut;
    for (let i = 0; i < 100 && replays.length < 2; i++) await sleep(20);
    expect(replays.sort()).toEqual(['a', 'c']);
  });
});
