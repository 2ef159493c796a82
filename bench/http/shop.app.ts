/**
 * Rows (b) and "shop constant" of `bench:http`: the real shop (createShopApp: its production
 * middleware, pipes, filter, logger at the configured level) plus `GET /bench/constant/:id`, the
 * product as a constant through the same stack with what `GET /products/:id` carries besides its
 * cache (the id pipe and the route's `@Timeout()` budget), as in bench/cache-hit-app.ts.
 */
// First, as in main.ts: tracing patches modules as they load (a no-op without an OTLP endpoint).
import '../../apps/shop/src/v8-heap';
import '../../apps/shop/src/tracing';
import 'reflect-metadata';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { Timeout } from '@bulwark/resilience';
import { createShopApp } from '../../apps/shop/src/bootstrap';
import { IdPipe } from '../../apps/shop/src/common/id.pipe';
import { benchProduct, BenchProduct, reportReady } from './app-kit';

const product = benchProduct();

@Controller('bench')
class ConstantController {
  @Get('constant/:id')
  @Timeout()
  constant(@Param('id', IdPipe) _id: number): BenchProduct {
    return product;
  }
}

@Module({ controllers: [ConstantController] })
class ConstantModule {}

async function main(): Promise<void> {
  const app = await createShopApp({}, [ConstantModule]);
  await app.listen(0, '127.0.0.1');
  reportReady(app.getHttpServer().address(), app.getHttpAdapter().getType());
}

void main();
