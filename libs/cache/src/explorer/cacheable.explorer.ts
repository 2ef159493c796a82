import {
  layerProviderMethods,
  METHOD_LAYER_RANK,
  type MethodLayer,
  type ProviderMethod,
} from '@bulwark/common';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { CACHE_EVICT_METADATA, CACHEABLE_METADATA } from '../cache.constants';
import { CacheService } from '../cache.service';
import type { CacheableOptions } from '../decorators/cacheable.decorator';
import type { CacheEvictOptions } from '../decorators/cache-evict.decorator';
import { buildKey, type CacheKeyInput } from '../keys/key-template';

/**
 * Gives `@Cacheable`/`@CacheEvict` on provider methods their behaviour: at bootstrap it finds
 * them through DiscoveryService and adds a layer that delegates to `CacheService`, by the rule
 * every Bulwark method explorer follows (`layerProviderMethods`: composable with
 * `@bulwark/resilience`'s decorators in any order). Controllers are not providers here: their
 * routes go through the interceptors.
 * @internal
 */
@Injectable()
export class CacheableExplorer implements OnModuleInit {
  readonly #logger = new Logger('CacheModule');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly cache: CacheService,
  ) {}

  onModuleInit(): void {
    const wrapped = layerProviderMethods(
      this.discovery.getProviders(),
      (proto) => this.scanner.getAllMethodNames(proto),
      {
        owner: 'cache',
        decorated: (method) => !!cacheableOf(method) || !!evictOf(method),
        layerFor: (method) => this.layer(method),
        warn: (message) => this.#logger.warn(message),
      },
    );
    if (wrapped > 0) this.#logger.log(`Cache decorators active on ${wrapped} provider method(s)`);
  }

  private layer(original: ProviderMethod): MethodLayer {
    const cacheable = cacheableOf(original);
    const evict = evictOf(original);
    return {
      owner: 'cache',
      rank: METHOD_LAYER_RANK.cache,
      wrap: (next) => {
        let method = next;
        if (cacheable) method = this.cached(method, cacheable);
        if (evict) method = this.evicting(method, evict);
        return method;
      },
    };
  }

  private cached(method: ProviderMethod, options: CacheableOptions): ProviderMethod {
    const cache = this.cache;
    return (...args) => {
      const input: CacheKeyInput = { args, params: {}, query: {} };
      const bloomMember = options.bloomMember ? buildKey(options.bloomMember, input) : undefined;
      const loader = async () => (await method(...args)) ?? null;
      return cache
        .getOrSetFor(buildKey(options.key, input), loader, options, bloomMember)
        .then((r) => r.value);
    };
  }

  private evicting(method: ProviderMethod, options: CacheEvictOptions): ProviderMethod {
    const specs = Array.isArray(options.keys) ? options.keys : [options.keys];
    return async (...args) => {
      const result = await method(...args);
      const input: CacheKeyInput = { args, params: {}, query: {} };
      await this.cache.evict(...specs.map((s) => buildKey(s, input)));
      return result;
    };
  }
}

function cacheableOf(method: ProviderMethod): CacheableOptions | undefined {
  return Reflect.getMetadata(CACHEABLE_METADATA, method) as CacheableOptions | undefined;
}

function evictOf(method: ProviderMethod): CacheEvictOptions | undefined {
  return Reflect.getMetadata(CACHE_EVICT_METADATA, method) as CacheEvictOptions | undefined;
}
