import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { CACHE_EVICT_METADATA, CACHEABLE_METADATA } from '../cache.constants';
import { CacheService } from '../cache.service';
import type { CacheableOptions } from '../decorators/cacheable.decorator';
import type { CacheEvictOptions } from '../decorators/cache-evict.decorator';
import { buildKey, type CacheKeyInput } from '../keys/key-template';

type Method = (...args: unknown[]) => unknown;

/**
 * Gives `@Cacheable`/`@CacheEvict` on provider methods their behaviour: at bootstrap it finds
 * them through DiscoveryService and replaces each on its instance with a thin wrapper that
 * delegates to `CacheService`. Controllers are skipped: their routes go through the interceptors.
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
    let wrapped = 0;
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        if (this.wrap(instance as Record<string, unknown>, name)) wrapped++;
      }
    }
    if (wrapped > 0) this.#logger.log(`Cache decorators active on ${wrapped} provider method(s)`);
  }

  private wrap(instance: Record<string, unknown>, name: string): boolean {
    const original = instance[name];
    if (typeof original !== 'function') return false;
    const cacheable = Reflect.getMetadata(CACHEABLE_METADATA, original) as
      CacheableOptions | undefined;
    const evict = Reflect.getMetadata(CACHE_EVICT_METADATA, original) as
      CacheEvictOptions | undefined;
    if (!cacheable && !evict) return false;
    let method = (original as Method).bind(instance);
    if (cacheable) method = this.cached(method, cacheable);
    if (evict) method = this.evicting(method, evict);
    instance[name] = method;
    return true;
  }

  private cached(method: Method, options: CacheableOptions): Method {
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

  private evicting(method: Method, options: CacheEvictOptions): Method {
    const specs = Array.isArray(options.keys) ? options.keys : [options.keys];
    return async (...args) => {
      const result = await method(...args);
      const input: CacheKeyInput = { args, params: {}, query: {} };
      await this.cache.evict(...specs.map((s) => buildKey(s, input)));
      return result;
    };
  }
}
