/** Layer row of `bench:http`: a bare Nest 12 + Fastify route returning the product. */
import 'reflect-metadata';
import { Controller, Get, Module, Param, ParseIntPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { benchProduct, BenchProduct, reportReady } from './app-kit';

const product = benchProduct();

@Controller('products')
class ConstantController {
  @Get(':id')
  get(@Param('id', ParseIntPipe) _id: number): BenchProduct {
    return product;
  }
}

@Module({ controllers: [ConstantController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
    logger: ['error', 'warn'],
  });
  await app.listen(0, '127.0.0.1');
  reportReady(app.getHttpServer().address(), 'fastify');
}

void main();
