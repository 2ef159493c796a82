import type { Logger } from '@nestjs/common';
import { CACHE_DEFAULT_BLOOM_N, CACHE_DEFAULT_BLOOM_P } from '../cache.constants';
import type { ResolvedCacheModuleOptions } from '../cache-options';
import { UnknownBloomFilterError } from '../errors';
import type { KeySpace } from '../keys/key-space';
import type { OutageTracker } from '../redis/outage';
import type { BitStore } from './bit-store';
import { BloomFilter } from './bloom-filter';

/** The module's named Bloom filters, created from `bloomFilters` options. @internal */
export class BloomRegistry {
  readonly #filters = new Map<string, BloomFilter>();

  constructor(
    private readonly options: ResolvedCacheModuleOptions,
    store: BitStore,
    keys: KeySpace,
    outage: OutageTracker,
    logger: Logger,
  ) {
    for (const [name, o] of Object.entries(options.bloomFilters)) {
      const n = o.expectedItems ?? CACHE_DEFAULT_BLOOM_N;
      const p = o.falsePositiveRate ?? CACHE_DEFAULT_BLOOM_P;
      this.#filters.set(
        name,
        new BloomFilter(name, store, keys.bloom(name), n, p, outage, o.source, (message) =>
          logger.warn(message),
        ),
      );
    }
  }

  get(name: string, key = ''): BloomFilter {
    const filter = this.#filters.get(name);
    if (!filter) throw new UnknownBloomFilterError(`Unknown Bloom filter "${name}"`, key);
    return filter;
  }

  /** Builds filters marked `buildOnStart` that do not exist yet; a failure is logged, not fatal. */
  async buildOnStart(logger: Logger): Promise<void> {
    for (const [name, o] of Object.entries(this.options.bloomFilters)) {
      if (!o.buildOnStart || !o.source) continue;
      const filter = this.get(name);
      try {
        if (await filter.exists()) continue;
        const { members } = await filter.rebuild();
        logger.log(`Bloom filter "${name}" built with ${members} members`);
      } catch (err) {
        logger.error(`Bloom filter "${name}" not built: ${(err as Error).message}`);
      }
    }
  }
}
