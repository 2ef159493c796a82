import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Logger } from '@nestjs/common';
import { RedisHealthIndicator } from '@bulwark/cache';
import { Redis } from 'ioredis';
import { freePort } from '../../support/free-port';
import { CacheTestKit, nextEvent, sleep } from './cache-test-kit';

/** A free TCP port: bind to 0, read it, close. */

async function startRedis(port: number): Promise<ChildProcess> {
  const proc = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    const probe = new Redis(port, '127.0.0.1', { retryStrategy: () => null, lazyConnect: true });
    const ok = await probe.connect().then(
      () => true,
      () => false,
    );
    probe.disconnect();
    if (ok) break;
    await sleep(20);
  }
  return proc;
}

describe('Cache | Degradation (Redis down or gone)', () => {
  const kit = new CacheTestKit();
  let errors: jest.SpyInstance;
  beforeEach(() => (errors = jest.spyOn(Logger.prototype, 'error')));
  afterEach(() => errors.mockRestore());
  afterAll(() => kit.cleanup());

  const outageLogs = () =>
    errors.mock.calls.filter((c) => String(c[0]).startsWith('Redis unavailable')).length;

  it('serves from loader + single-flight + L1 when Redis is unreachable, logging once', async () => {
    const cache = await kit.cache({ redisUrl: `redis://127.0.0.1:${await freePort()}` });
    expect(cache.backend).toBe('redis');
    expect(cache.degraded).toBe(true);
    let loads = 0;
    const loader = async () => {
      loads++;
      await sleep(20);
      return { id: 1 };
    };
    const first = await Promise.all(Array.from({ length: 100 }, () => cache.getOrSet('k', loader)));
    expect(first.every((v) => v?.id === 1)).toBe(true);
    expect(loads).toBe(1);
    for (let i = 0; i < 50; i++) await cache.getOrSet('k', loader);
    expect(loads).toBe(1);
    expect(cache.metrics.count('hits', 'l1')).toBe(50);
    await cache.evict('k'); // best effort, must not throw or hang
    expect(outageLogs()).toBe(1);
    const health = new RedisHealthIndicator(cache);
    expect(await health.pingCheck('redis', { timeout: 100 })).toMatchObject({
      redis: { status: 'down', backend: 'redis', degraded: true },
    });
  });

  it('keeps serving through a Redis crash and recovers when it is back', async () => {
    const port = await freePort();
    let server = await startRedis(port);
    try {
      const cache = await kit.cache({ redisUrl: `redis://127.0.0.1:${port}` });
      expect(cache.degraded).toBe(false);
      let loads = 0;
      const loader = async () => ({ n: ++loads });
      const opts = { l1Ttl: '1m' } as const;
      expect(await cache.getOrSet('hot', loader, opts)).toEqual({ n: 1 });

      server.kill('SIGKILL');
      await once(server, 'exit');
      const cold = await Promise.all(
        Array.from({ length: 50 }, () => cache.getOrSet('cold', loader)),
      );
      expect(cache.degraded).toBe(true); // seen on the socket error or on the first failed call
      expect(new Set(cold.map((v) => v?.n)).size).toBe(1);
      expect(await cache.getOrSet('hot', loader, opts)).toEqual({ n: 1 }); // from L1
      expect(loads).toBe(2);
      for (let i = 0; i < 20; i++) await cache.getOrSet(`other:${i}`, loader);
      expect(outageLogs()).toBe(1);

      server = await startRedis(port);
      const up = nextEvent(cache, 'cache:redis-state', (d) => !d.down);
      for (let i = 0; i < 100 && cache.degraded; i++) {
        await cache.getOrSet(`probe:${i}`, loader, { l1Ttl: false });
        await sleep(50);
      }
      expect(await up).toEqual({ down: false });
      expect(cache.degraded).toBe(false);
    } finally {
      server.kill('SIGKILL');
    }
  });
});
