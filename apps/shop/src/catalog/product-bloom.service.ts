import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CacheService } from '@bulwark/cache';
import { DatabaseService } from '../database/database.service';
import { PRODUCTS_BLOOM } from './catalog-cache';
import { productIds } from './product-ids';

const ADD_RETRY_MS = 1_000;
const ADD_ATTEMPTS = 30;

/**
 * Keeps the products Bloom filter free of false negatives, which would turn a real product into a
 * 404: rebuilt at every start (rows may have been seeded meanwhile), after the database connected
 * (the cache module initialises before it), and an `add()` lost to a Redis outage is retried, then
 * repaired by a rebuild.
 */
@Injectable()
export class ProductBloomService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ProductBloom');
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly cache: CacheService,
    private readonly db: DatabaseService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.db.isReady) {
      this.logger.warn(
        'database not ready: products Bloom filter not rebuilt (admin rebuild later)',
      );
      return;
    }
    await this.rebuild().catch((err: unknown) =>
      this.logger.error(`products Bloom filter not rebuilt: ${String(err)}`),
    );
  }

  async rebuild(): Promise<{ members: number }> {
    const result = await this.cache
      .bloom(PRODUCTS_BLOOM)
      .rebuild(() => productIds(this.db.dataSource));
    this.logger.log(`products Bloom filter rebuilt with ${result.members} ids`);
    return result;
  }

  /** Call after the product's row committed. Never throws: the product exists either way. */
  async add(id: number, attempt = 1): Promise<void> {
    try {
      await this.cache.bloom(PRODUCTS_BLOOM).add(String(id));
    } catch (err) {
      if (attempt >= ADD_ATTEMPTS) {
        this.logger.error(
          `product ${id} not added to the Bloom filter (${String(err)}); rebuilding`,
        );
        this.schedule(() => void this.rebuild().catch(() => undefined));
        return;
      }
      this.schedule(() => void this.add(id, attempt + 1));
    }
  }

  private schedule(fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ADD_RETRY_MS);
    timer.unref();
    this.timers.add(timer);
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearTimeout(t);
  }
}
