import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { CACHEABLE_METADATA } from '../cache.constants';
import type { CacheEntryOptions } from '../cache-options';
import { CacheableInterceptor } from '../interceptors/cacheable.interceptor';
import type { CacheKeySpec } from '../keys/key-template';

/** Options of `@Cacheable`. */
export interface CacheableOptions extends CacheEntryOptions {
  /** Key template or function: `'product:{id}'` on a route, `'product:{0}'` on a method. */
  key: CacheKeySpec;
  /** What the Bloom filter is asked about. @default the key */
  bloomMember?: CacheKeySpec;
}

/**
 * Caches the result of a controller route (through `CacheableInterceptor`) or of a provider
 * method (wrapped at bootstrap by `CacheableExplorer`). It only records metadata; the work is
 * done by `CacheService`. A `null` result, or a route handler throwing a 404, is cached as
 * "not found" and answered with 404 on routes.
 *
 * On a route the key sees the raw params: Nest runs interceptors before pipes, so a
 * `ParseIntPipe` there has not run yet (`abc` gets the cache's answer, not the pipe's 400).
 * Prefer the provider form, whose key reads the method's already validated arguments.
 *
 * @publicApi
 * @example
 * // in a provider; the controller calls it with the id its pipe parsed
 * @Cacheable({ key: 'product:{0}', bloom: 'products', bloomMember: '{0}', ttl: '5m', staleTtl: '1m' })
 * findOne(id: number): Promise<Product | null> { return this.repo.findOneBy({ id }); }
 */
export const Cacheable = (options: CacheableOptions): MethodDecorator =>
  applyDecorators(SetMetadata(CACHEABLE_METADATA, options), UseInterceptors(CacheableInterceptor));
