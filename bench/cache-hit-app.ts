/**
 * The shop plus two baseline routes, for `bench/cache-hit.bench.ts` (run as its own process so the
 * load generator does not share its event loop):
 *   GET /bench/constant/:id      a product-shaped constant: the ceiling of this app's HTTP stack
 *   GET /bench/interceptor/:id   the same product read under @nestjs/cache-manager's CacheInterceptor
 *                                on Redis (Keyv + KeyvIoredisStore: same client as Bulwark)
 * Both carry what `GET /products/:id` carries besides its cache (the id pipe and the route's
 * `@Timeout()` budget), so the three routes differ only in where the product comes from.
 */
import 'reflect-metadata';
import { CacheInterceptor, CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Controller, Get, Module, Param, UseInterceptors } from '@nestjs/common';
import { KeyvIoredisStore } from '@bulwark/cache';
import { Timeout } from '@bulwark/resilience';
import { Redis } from 'ioredis';
import { Keyv } from 'keyv';
import { createShopApp } from '../apps/shop/src/bootstrap';
import { Product } from '../apps/shop/src/catalog/product.entity';
import { IdPipe } from '../apps/shop/src/common/id.pipe';
import { DatabaseService } from '../apps/shop/src/database/database.service';

const CONSTANT = {
  id: 1,
  sku: 'SKU-0000001',
  name: 'Product SKU-0000001',
  priceCents: 101,
  stock: 100,
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
};

@Controller('bench')
class BenchController {
  constructor(private readonly db: DatabaseService) {}

  @Get('constant/:id')
  @Timeout()
  constant(@Param('id', IdPipe) _id: number) {
    return CONSTANT;
  }

  @Get('interceptor/:id')
  @Timeout()
  @UseInterceptors(CacheInterceptor)
  interceptor(@Param('id', IdPipe) id: number) {
    return this.db.manager.findOneBy(Product, { id });
  }
}

@Module({
  imports: [
    NestCacheModule.register({
      stores: [
        new Keyv({
          store: new KeyvIoredisStore(
            new Redis(process.env.REDIS_URL ?? ''),
            `${process.env.REDIS_KEY_PREFIX}:nest:`,
          ),
          useKeyPrefix: false,
        }),
      ],
      ttl: 600_000,
    }),
  ],
  controllers: [BenchController],
})
class BenchModule {}

async function main(): Promise<void> {
  const app = await createShopApp({}, [BenchModule]);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  process.send?.({ port });
}

void main();
