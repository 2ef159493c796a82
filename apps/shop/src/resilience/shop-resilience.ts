import { ConfigService } from '@nestjs/config';
import { consecutive, ResilienceModule, sampling } from '@bulwark/resilience';
import { ShopEnv } from '../config/env';

/**
 * Budgets and breakers per dependency. Postgres trips on a failure rate or a slow-call rate over
 * 10 s (at least 20 calls), so a database that merely slows down is cut off before it drags every
 * request to its timeout; its budget (POSTGRES_TIMEOUT_MS, 250 ms) sits inside the 300 ms
 * product-read route, leaving the cache time to answer with its stale copy. Redis calls are guarded inside `@bulwark/cache` (fail
 * fast + outage tracker: skip Redis, probe every 500 ms), which is that dependency's breaker.
 */
export const shopResilienceModule = ResilienceModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<ShopEnv, true>) => ({
    // `@Timeout()` without an argument: the product-read budget, PRODUCT_READ_TIMEOUT_MS (300 ms).
    defaultTimeout: config.get('PRODUCT_READ_TIMEOUT_MS', { infer: true }),
    dependencies: {
      postgres: {
        timeout: config.get('POSTGRES_TIMEOUT_MS', { infer: true }),
        breaker: {
          strategy: sampling({
            failureRate: 0.5,
            slowCallRate: 0.8,
            // Just under the 1 s order budget. Lower would count the queue on a hot product row (50
            // orders for one item serialise on its conditional UPDATE: normal in a flash sale) as a
            // sick database and cut the sale off; reads (250 ms budget) time out long before.
            slowCall: '800ms',
            window: '10s',
            minimumCalls: 20,
          }),
          openFor: '5s',
        },
      },
      kafka: { timeout: '2s', breaker: { strategy: consecutive(5), openFor: '10s' } },
    },
    admission: {
      enabled: config.get('ADMISSION_CONTROL', { infer: true }),
      target: config.get('ADMISSION_TARGET_MS', { infer: true }),
      interval: config.get('ADMISSION_INTERVAL_MS', { infer: true }),
    },
  }),
});

/** Budget of `POST /orders`. */
export const ORDER_BUDGET = '1s';
