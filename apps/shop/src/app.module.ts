import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CacheModule } from '@bulwark/cache';
import { MetricsModule, TracingModule } from '@bulwark/observability';
import { deadlineSource } from '@bulwark/resilience';
import { PRODUCTS_BLOOM } from './catalog/catalog-cache';
import { AdminAuthModule } from './admin/admin-auth.module';
import { AdminModule } from './admin/admin.module';
import { CatalogModule } from './catalog/catalog.module';
import { shopConfigModule } from './config/config.module';
import { ShopEnv } from './config/env';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ShopLoggingModule } from './logging/shop-logging.module';
import { shopMessagingModules } from './messaging/shop-messaging';
import { shopResilienceModule } from './resilience/shop-resilience';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  /**
   * @param env values that win over `process.env` (tests pass their own schema and key prefix).
   * @param extra modules mounted beside the shop's own (benchmarks add their baseline routes).
   */
  static forRoot(
    env: Readonly<Record<string, string | undefined>> = {},
    extra: DynamicModule['imports'] = [],
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        shopConfigModule(env),
        ShopLoggingModule,
        MetricsModule.forRoot(),
        TracingModule,
        shopResilienceModule,
        DatabaseModule,
        CacheModule.forRootAsync({
          isGlobal: true,
          inject: [ConfigService],
          useFactory: (config: ConfigService<ShopEnv, true>) => ({
            app: config.get('REDIS_KEY_PREFIX', { infer: true }),
            namespace: 'catalog',
            redisUrl: config.get('REDIS_URL', { infer: true }),
            redisClusterNodes: config.get('REDIS_CLUSTER_NODES', { infer: true }),
            bloomFilters: {
              [PRODUCTS_BLOOM]: { expectedItems: 1_000_000, falsePositiveRate: 0.01 },
            },
            // Request budgets bound waiting for a product, never serving one already in L1.
            deadlines: deadlineSource,
          }),
        }),
        AdminAuthModule,
        HealthModule,
        CatalogModule,
        ...shopMessagingModules,
        OrdersModule,
        AdminModule,
        ...extra,
      ],
    };
  }
}
