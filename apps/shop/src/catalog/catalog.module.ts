import { Module } from '@nestjs/common';
import { CatalogService } from './catalog.service';
import { DemoSeeder } from './demo-seeder';
import { ProductBloomService } from './product-bloom.service';
import { ProductsController } from './products.controller';

@Module({
  controllers: [ProductsController],
  providers: [CatalogService, DemoSeeder, ProductBloomService],
  exports: [CatalogService, ProductBloomService],
})
export class CatalogModule {}
