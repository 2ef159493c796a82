import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CacheService } from './cache.service';
import { ConfigurableModuleClass } from './cache.module-definition';
import { CacheableExplorer } from './explorer/cacheable.explorer';
import { RedisHealthIndicator } from './health/redis.health';
import { CacheableInterceptor } from './interceptors/cacheable.interceptor';
import { CacheEvictInterceptor } from './interceptors/cache-evict.interceptor';

/**
 * The anti-breakdown two-tier cache. Global by default (`isGlobal: false` to opt out) so
 * `@Cacheable` works in any module.
 *
 * @publicApi
 * @example
 * CacheModule.forRoot({ redisUrl: process.env.REDIS_URL, namespace: 'shop' })
 * CacheModule.forRootAsync({ inject: [ConfigService], useFactory: (c) => ({ redisUrl: c.get('REDIS_URL') }) })
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    CacheService,
    CacheableInterceptor,
    CacheEvictInterceptor,
    CacheableExplorer,
    RedisHealthIndicator,
  ],
  exports: [CacheService, CacheableInterceptor, CacheEvictInterceptor, RedisHealthIndicator],
})
export class CacheModule extends ConfigurableModuleClass {}
