import {
  Body,
  Controller,
  Get,
  Injectable,
  type INestApplication,
  Logger,
  Module,
  NotFoundException,
  Param,
  Put,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import {
  Cacheable,
  CacheEvict,
  CacheModule,
  CacheService,
  CACHE_STATE_HEADER,
  RedisHealthIndicator,
} from '@bulwark/cache';
import { CacheTestKit, REDIS_URL } from './cache-test-kit';
import { createTestApp, HTTP_ADAPTERS } from '../../support/http-adapters';

let pool: Pool;
let schema: string;
let selects = 0;

async function findProduct(id: number) {
  selects++;
  const { rows } = await pool.query(`SELECT id, price FROM ${schema}.products WHERE id = $1`, [id]);
  return (rows[0] as { id: number; price: number } | undefined) ?? null;
}

@Injectable()
class ProductsService {
  @Cacheable({ key: 'svc:product:{0}', ttl: '1m' })
  async find(id: number) {
    return findProduct(id);
  }

  @CacheEvict({ keys: ['svc:product:{0}', 'product:{0}'] })
  async setPrice(id: number, price: number) {
    await pool.query(`UPDATE ${schema}.products SET price = $2 WHERE id = $1`, [id, price]);
  }
}

@Controller('products')
class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get(':id')
  @Cacheable({ key: 'product:{id}', bloom: 'products', bloomMember: '{id}', ttl: '1m' })
  async findOne(@Param('id') id: string) {
    const product = await findProduct(Number(id));
    if (!product) throw new NotFoundException();
    return product;
  }

  @Put(':id')
  @CacheEvict({ keys: 'product:{id}' })
  async update(@Param('id') id: string, @Body() body: { price: number }) {
    await pool.query(`UPDATE ${schema}.products SET price = $2 WHERE id = $1`, [id, body.price]);
    return { id: Number(id), price: body.price };
  }
}

@Controller('feature')
class FeatureController {
  calls = 0;

  @Get(':id')
  @Cacheable({ key: 'feature:{id}' })
  get(@Param('id') id: string) {
    this.calls++;
    return { id };
  }
}

/** A feature module that does not import CacheModule: the global module must reach it. */
@Module({ controllers: [FeatureController] })
class FeatureModule {}

describe.each(HTTP_ADAPTERS)(
  'Cache | Nest module, decorators, interceptor, health (%s)',
  (adapter) => {
    const kit = new CacheTestKit();
    let app: INestApplication;
    let base: string;

    beforeAll(async () => {
      ({ pool, schema } = await kit.pg(100));
      async function* productIds() {
        for (let id = 1; id <= 100; id++) yield String(id);
        yield '555'; // in the filter but not in the table: exercises the cached 404
      }
      const moduleRef = await Test.createTestingModule({
        imports: [
          CacheModule.forRootAsync({
            useFactory: () => ({
              app: kit.app,
              namespace: 'shop',
              redisUrl: REDIS_URL,
              registry: new Registry(),
              commandTimeout: 2_000, // parallel test files share Redis; see cache-test-kit.ts
              bloomFilters: {
                products: { expectedItems: 1_000, source: productIds, buildOnStart: true },
              },
            }),
          }),
        ],
        controllers: [ProductsController],
        providers: [ProductsService],
      }).compile();
      app = createTestApp(moduleRef, adapter);
      await app.listen(0, '127.0.0.1');
      base = `${await app.getUrl()}/products`;
    });
    afterAll(async () => {
      await app.close();
      await kit.cleanup();
    });

    it('answers 500 concurrent GETs of a cold product with one SELECT, then from L1', async () => {
      selects = 0;
      const responses = await Promise.all(Array.from({ length: 500 }, () => fetch(`${base}/7`)));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      expect(await responses[0].json()).toEqual({ id: 7, price: 70 });
      expect(selects).toBe(1);
      const again = await fetch(`${base}/7`);
      expect(again.headers.get(CACHE_STATE_HEADER)).toBe('l1');
      expect(selects).toBe(1);
    });

    it('404s unknown ids from the Bloom filter and caches 404s of ids it lets through', async () => {
      selects = 0;
      const unknown = await fetch(`${base}/123456`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get(CACHE_STATE_HEADER)).toBe('rejected');
      expect((await fetch(`${base}/555`)).status).toBe(404);
      const cached404 = await fetch(`${base}/555`);
      expect(cached404.status).toBe(404);
      expect(cached404.headers.get(CACHE_STATE_HEADER)).toBe('l1');
      expect(selects).toBe(1);
    });

    it('evicts on PUT after the handler resolved, so the next GET sees the new row', async () => {
      expect(await (await fetch(`${base}/8`)).json()).toEqual({ id: 8, price: 80 });
      const put = await fetch(`${base}/8`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ price: 81 }),
      });
      expect(put.status).toBe(200);
      const after = await fetch(`${base}/8`);
      expect(after.headers.get(CACHE_STATE_HEADER)).toBe('miss');
      expect(await after.json()).toEqual({ id: 8, price: 81 });
    });

    it('caches and evicts provider methods through the wrapped instance', async () => {
      const products = app.get(ProductsService);
      selects = 0;
      await Promise.all([products.find(9), products.find(9), products.find(9)]);
      expect(await products.find(9)).toEqual({ id: 9, price: 90 });
      expect(selects).toBe(1);
      await products.setPrice(9, 91);
      expect(await products.find(9)).toEqual({ id: 9, price: 91 });
      expect(selects).toBe(2);
    });

    it('reports Redis health through HealthIndicatorService', async () => {
      const health = app.get(RedisHealthIndicator);
      expect(await health.pingCheck('redis', { timeout: 500 })).toEqual({
        redis: { status: 'up', backend: 'redis' },
      });
    });

    it('falls back to an in-memory L2 without Redis and logs it', async () => {
      const logs = jest.spyOn(Logger.prototype, 'log');
      const moduleRef = await Test.createTestingModule({
        imports: [CacheModule.forRoot({ registry: new Registry() })],
      }).compile();
      await moduleRef.init();
      const cache = moduleRef.get(CacheService);
      expect(cache.backend).toBe('memory');
      expect(logs.mock.calls.some((c) => String(c[0]).startsWith('L2 backend: in-memory'))).toBe(
        true,
      );
      let loads = 0;
      const values = await Promise.all(
        Array.from({ length: 50 }, () => cache.getOrSet('k', async () => ++loads)),
      );
      expect(values.every((v) => v === 1)).toBe(true);
      expect(await moduleRef.get(RedisHealthIndicator).pingCheck('cache')).toEqual({
        cache: { status: 'up', backend: 'memory' },
      });
      logs.mockRestore();
      await moduleRef.close();
    });

    it('reaches controllers of feature modules that do not import it (global module)', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [CacheModule.forRoot({ registry: new Registry() }), FeatureModule],
      }).compile();
      const feature = createTestApp(moduleRef, adapter);
      await feature.listen(0, '127.0.0.1');
      const url = `${await feature.getUrl()}/feature/abc`;
      const first = await fetch(url);
      const second = await fetch(url);
      expect(await second.json()).toEqual({ id: 'abc' });
      expect([
        first.headers.get(CACHE_STATE_HEADER),
        second.headers.get(CACHE_STATE_HEADER),
      ]).toEqual(['miss', 'l1']);
      expect(feature.get(FeatureController).calls).toBe(1);
      await feature.close();
    });
  },
);
