import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { AdminGuard } from './admin.guard';
import { CacheAdminController } from './cache-admin.controller';
import { DlqAdminController } from './dlq-admin.controller';

@Module({
  imports: [CatalogModule],
  controllers: [CacheAdminController, DlqAdminController],
  providers: [AdminGuard],
})
export class AdminModule {}
