export { Cacheable, type CacheableOptions } from './cacheable.decorator';
export { CacheEvict, type CacheEvictOptions } from './cache-evict.decorator';
