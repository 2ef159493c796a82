import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { RedisConnection } from '../redis/redis.module';
import { withTimeout } from './with-timeout';

/** Redis answers PING within the timeout; the in-process store (no REDIS_URL) is always up. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisConnection,
    private readonly health: HealthIndicatorService,
  ) {}

  async pingCheck<K extends string>(key: K, timeoutMs = 1000): Promise<HealthIndicatorResult<K>> {
    const check = this.health.check(key);
    const client = this.redis.client;
    if (!client) return check.up({ backend: 'in-process' });
    try {
      await withTimeout(client.ping(), timeoutMs, 'redis ping');
      return check.up({ backend: 'redis' });
    } catch (err) {
      return check.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
