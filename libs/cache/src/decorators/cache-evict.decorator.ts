import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { CACHE_EVICT_METADATA } from '../cache.constants';
import { CacheEvictInterceptor } from '../interceptors/cache-evict.interceptor';
import type { CacheKeySpec } from '../keys/key-template';

/** Options of `@CacheEvict`. */
export interface CacheEvictOptions {
  /** Keys to evict, as templates or functions (same syntax as `@Cacheable`). */
  keys: CacheKeySpec | CacheKeySpec[];
}

/**
 * Evicts keys after the method (or route) has resolved, i.e. after the transaction it ran has
 * committed. Nothing is evicted when it throws.
 *
 * @publicApi
 * @example
 * @Put(':id')
 * @CacheEvict({ keys: 'product:{id}' })
 * update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateProductDto) { … }
 */
export const CacheEvict = (options: CacheEvictOptions): MethodDecorator =>
  applyDecorators(
    SetMetadata(CACHE_EVICT_METADATA, options),
    UseInterceptors(CacheEvictInterceptor),
  );
