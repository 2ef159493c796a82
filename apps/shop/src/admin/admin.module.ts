import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { AdminGuard } from './admin.guard';
import { CacheAdminController } from './cache-admin.controller';

@Module({ imports: [CatalogModule], controllers: [CacheAdminController], providers: [AdminGuard] })
export class AdminModule {}
