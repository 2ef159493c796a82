import { Injectable } from '@nestjs/common';
import { healthIndicators } from '@bulwark/common';
import { CacheService } from '../cache.service';

/** Options of `RedisHealthIndicator.pingCheck`. */
export interface RedisPingCheckOptions {
  /** PING time limit in ms. @default 1000 */
  timeout?: number;
  /**
   * Status to report when Redis is down but L1 + loader still serve. `'down'` suits readiness
   * (stop routing to an instance that lost its shared cache); `'degraded'` keeps HTTP 200.
   * @default 'down'
   */
  whenDegraded?: 'down' | 'degraded';
}

/**
 * Health of the cache's Redis. Never throws: a failed or slow PING is reported as `down` (or
 * `degraded`), with `degraded: true` in the details when reads are still being served. Needs
 * `@nestjs/terminus` (an optional peer) only when `pingCheck` runs: `CacheModule` provides it in
 * every app.
 * @publicApi
 */
@Injectable()
export class RedisHealthIndicator {
  private readonly health = healthIndicators('RedisHealthIndicator');

  constructor(private readonly cache: CacheService) {}

  async pingCheck<const Key extends string>(key: Key, options: RedisPingCheckOptions = {}) {
    const session = this.health.check(key);
    const backend = this.cache.backend;
    if (backend === 'memory') return session.up({ backend });
    const timeout = options.timeout ?? 1_000;
    if (await this.cache.ping(timeout)) return session.up({ backend });
    const details = {
      backend,
      degraded: this.cache.options.l1 !== false,
      message: `Redis did not answer PING within ${timeout} ms; serving from L1 + loader`,
    };
    return options.whenDegraded === 'degraded' ? session.degraded(details) : session.down(details);
  }
}
