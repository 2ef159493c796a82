import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { ShopEnv } from '../config/env';

/**
 * The shop's Redis connection, or `undefined` when REDIS_URL is unset (the embedded default: the
 * cache then keeps its L2 in process). Commands fail fast instead of queueing while Redis is down, so
 * an outage costs a request nothing but a quick error the cache can fall back from.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client?: Redis;
  private lastError?: string;

  constructor(@Inject(ConfigService) config: ConfigService<ShopEnv, true>) {
    const url = config.get('REDIS_URL', { infer: true });
    if (!url) {
      this.logger.log('redis: none configured (REDIS_URL unset) — using the in-process store');
      return;
    }
    const u = new URL(url);
    this.logger.log(`redis: ${u.hostname}:${u.port || 6379}${u.pathname}`);
    this.client = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 1000,
      retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
    });
    this.client.on('error', (err: Error) => {
      // ioredis emits on every reconnect attempt; one line per distinct failure is enough.
      if (err.message !== this.lastError) this.logger.warn(`redis error: ${err.message}`);
      this.lastError = err.message;
    });
    this.client.on('ready', () => (this.lastError = undefined));
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}

@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
