/**
 * Row (c) of `bench:http`, what a Nest user has today: a minimal Nest 12 app on Express, the product
 * read with TypeORM from the shop's table under `@nestjs/cache-manager`'s CacheInterceptor, with a
 * Redis store (Keyv over ioredis, as bench/cache-hit-app.ts). `GET /constant/:id` is the same app
 * without the cache and the database: the layer row "Nest 12 + Express".
 */
import 'reflect-metadata';
import { CacheInterceptor, CacheModule } from '@nestjs/cache-manager';
import { Controller, Get, Module, Param, ParseIntPipe, UseInterceptors } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { KeyvIoredisStore } from '@bulwark/cache';
import { Redis } from 'ioredis';
import { Keyv } from 'keyv';
import { Repository } from 'typeorm';
import { Product } from '../../apps/shop/src/catalog/product.entity';
import { benchProduct, BenchProduct, reportReady } from './app-kit';

const product = benchProduct();
const schema = process.env.DATABASE_SCHEMA ?? 'public';

@Controller()
class ProductsController {
  constructor(@InjectRepository(Product) private readonly products: Repository<Product>) {}

  @Get('products/:id')
  @UseInterceptors(CacheInterceptor)
  get(@Param('id', ParseIntPipe) id: number): Promise<Product | null> {
    return this.products.findOneBy({ id });
  }

  @Get('constant/:id')
  constant(@Param('id', ParseIntPipe) _id: number): BenchProduct {
    return product;
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      schema,
      entities: [Product],
      synchronize: false,
      logging: false,
    }),
    TypeOrmModule.forFeature([Product]),
    CacheModule.register({
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
  controllers: [ProductsController],
})
class NestUserModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(NestUserModule, {
    logger: ['error', 'warn'],
  });
  await app.listen(0, '127.0.0.1');
  reportReady(app.getHttpServer().address(), 'express');
}

void main();
