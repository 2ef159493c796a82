export { CacheModule } from './cache.module';
export { CacheService, type CacheCallOptions } from './cache.service';
export type { CacheModuleOptions, CacheEntryOptions, BloomFilterOptions } from './cache-options';
export type { Duration } from '@bulwark/common';
export { MODULE_OPTIONS_TOKEN as CACHE_MODULE_OPTIONS } from './cache.module-definition';
export type { CacheDeadlines, CallerDeadline } from './caller-deadline';
export { Cacheable, CacheEvict, type CacheableOptions, type CacheEvictOptions } from './decorators';
export { CacheableInterceptor, CacheEvictInterceptor, CACHE_STATE_HEADER } from './interceptors';
export { BloomFilter } from './bloom/bloom-filter';
export { bloomSize, expectedFpr, type BloomSize } from './bloom/bloom-math';
export { KeyvIoredisStore } from './tiers/keyv-ioredis.store';
export type { RedisClient } from './redis/redis-client';
export { RedisHealthIndicator, type RedisPingCheckOptions } from './health/redis.health';
export type { CacheResult, CacheState, Loader } from './get-or-set/cache-stack';
export type { CacheKeyFn, CacheKeyInput, CacheKeySpec } from './keys/key-template';
export { cacheEvents, type CacheEventName, type CacheEventData } from './events/cache-events';
export type { CacheCounter } from './metrics/cache-metrics';
export {
  errors,
  CacheError,
  LoadTimeoutError,
  KeyTemplateError,
  UnknownBloomFilterError,
} from './errors';
