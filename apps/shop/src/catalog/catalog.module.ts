import { Module } from '@nestjs/common';
import { CatalogService } from './catalog.service';
import { DemoSeeder } from './demo-seeder';
import { ProductsController } from './products.controller';

@Module({
  controllers: [ProductsController],
  providers: [CatalogService, DemoSeeder],
  exports: [CatalogService],
})
export class CatalogModule {}
