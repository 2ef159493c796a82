import { randomBytes } from 'node:crypto';
import { Injectable, Logger, Module, type DynamicModule } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { Cacheable, CacheModule } from '@bulwark/cache';
import { isDeadlineExceededError, ResilienceModule, Timeout } from '@bulwark/resilience';

Logger.overrideLogger(false);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The loader both providers call: counts calls, and is slow for ids starting with `slow`. */
class Loader {
  calls = 0;
  /** Loads still running (a timed-out caller leaves its load behind); awaited before closing. */
  readonly running = new Set<Promise<unknown>>();
  load(id: string): Promise<string> {
    this.calls++;
    const load = (async () => {
      if (id.startsWith('slow')) await new Promise((r) => setTimeout(r, 1_000));
      return `value-${id}`;
    })();
    this.running.add(load);
    void load.finally(() => this.running.delete(load));
    return load;
  }
}

@Injectable()
class CacheFirst {
  readonly loader = new Loader();

  @Cacheable({ key: 'first:{0}', ttl: '1m' })
  @Timeout('200ms')
  get(id: string): Promise<string> {
    return this.loader.load(id);
  }
}

@Injectable()
class TimeoutFirst {
  readonly loader = new Loader();

  @Timeout('200ms')
  @Cacheable({ key: 'second:{0}', ttl: '1m' })
  get(id: string): Promise<string> {
    return this.loader.load(id);
  }
}

@Module({ providers: [CacheFirst, TimeoutFirst], exports: [CacheFirst, TimeoutFirst] })
class CatalogModule {}

// Both decorator orders (the two providers) under both module init orders: `@Cacheable` and
// `@Timeout` must both apply, whichever explorer wraps first.
describe.each([
  ['cache module first', 'cache-first'],
  ['resilience module first', 'resilience-first'],
] as const)('@Cacheable + @Timeout on one provider method (%s)', (_, initOrder) => {
  const app = `t${randomBytes(4).toString('hex')}`;
  const redis = new Redis(REDIS_URL);
  let moduleRef: TestingModule;

  beforeAll(async () => {
    const registry = new Registry();
    const cache: DynamicModule = CacheModule.forRoot({ app, redisUrl: REDIS_URL, registry });
    const resilience: DynamicModule = ResilienceModule.forRoot({ registry });
    const imports =
      initOrder === 'cache-first'
        ? [cache, resilience, CatalogModule]
        : [resilience, cache, CatalogModule];
    moduleRef = await Test.createTestingModule({ imports }).compile();
    await moduleRef.init();
  });

  afterAll(async () => {
    const loaders = [CacheFirst, TimeoutFirst].map((t) => moduleRef.get(t).loader);
    await Promise.all(loaders.flatMap((l) => [...l.running]));
    await moduleRef.close();
    const keys = await redis.keys(`${app}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it.each([CacheFirst, TimeoutFirst])(
    '%p: 200 concurrent cold calls load once, from Redis after',
    async (type) => {
      const service = moduleRef.get<CacheFirst | TimeoutFirst>(type);
      const values = await Promise.all(Array.from({ length: 200 }, () => service.get('1')));
      expect(new Set(values)).toEqual(new Set(['value-1']));
      expect(service.loader.calls).toBe(1);
      await expect(service.get('1')).resolves.toBe('value-1');
      expect(service.loader.calls).toBe(1);
      const prefix = type === CacheFirst ? 'first' : 'second';
      expect(await redis.keys(`${app}:*${prefix}:1*`)).not.toHaveLength(0);
    },
  );

  it.each([CacheFirst, TimeoutFirst])(
    '%p: a load past the budget fails with the timeout',
    async (type) => {
      const service = moduleRef.get<CacheFirst | TimeoutFirst>(type);
      const error: unknown = await service.get('slow-1').catch((e: unknown) => e);
      expect(isDeadlineExceededError(error)).toBe(true);
    },
  );
});
