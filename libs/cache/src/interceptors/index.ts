export { CacheableInterceptor, CACHE_STATE_HEADER } from './cacheable.interceptor';
export { CacheEvictInterceptor } from './cache-evict.interceptor';
