import { healthIndicators, withTimeout } from '@bulwark/common';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { Admin, Kafka } from 'kafkajs';
import { KAFKA_DEFAULT_HEALTH_TIMEOUT_MS } from './kafka.constants';
import { KAFKA_ADMIN_CLIENT, KAFKA_RESOLVED_OPTIONS } from './kafka-messaging.module-definition';
import type { ResolvedKafkaOptions } from './kafka-options';
import { KafkaLagMonitor } from './lag-monitor';

/** Options of {@link KafkaHealthIndicator.isHealthy}. */
export interface KafkaHealthOptions {
  /** Report `down` if the broker has not answered within this many ms. @default 1000 */
  readonly timeout?: number;
  /** Largest acceptable partition lag. @default the module's `lag.threshold` (10000) */
  readonly lagThreshold?: number;
}

/**
 * Readiness of Kafka: the broker answers a metadata round trip within the timeout, and no
 * partition of the app's group lags more than the threshold (from the lag monitor's last poll).
 * Never throws. Needs `@nestjs/terminus` (an optional peer) only when `isHealthy` runs.
 * @publicApi
 */
@Injectable()
export class KafkaHealthIndicator implements OnApplicationShutdown {
  private admin?: Promise<Admin>;
  private readonly health = healthIndicators('KafkaHealthIndicator');

  constructor(
    @Inject(KAFKA_ADMIN_CLIENT) private readonly kafka: Kafka,
    private readonly lag: KafkaLagMonitor,
    @Inject(KAFKA_RESOLVED_OPTIONS) private readonly options: ResolvedKafkaOptions,
  ) {}

  /** @example `() => this.kafka.isHealthy('kafka')` inside `HealthCheckService.check([...])` */
  async isHealthy<const Key extends string>(
    key: Key,
    options: KafkaHealthOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const session = this.health.check(key);
    const timeout = options.timeout ?? KAFKA_DEFAULT_HEALTH_TIMEOUT_MS;
    try {
      // withTimeout judges the timeout one loop turn late: under a burst that held the event loop
      // past it, the broker's answer may already be in the socket (a busy instance read as "Kafka
      // down" otherwise).
      const cluster = await withTimeout(this.ping(), timeout, () => {
        throw new Error(`timeout of ${timeout} ms exceeded`);
      });
      const maxLag = this.lag.maxLag();
      const threshold = options.lagThreshold ?? this.options.lag.threshold;
      if (maxLag > threshold) {
        return session.down({ message: `consumer lag ${maxLag} over ${threshold}`, maxLag });
      }
      return session.up({ brokers: cluster, maxLag });
    } catch (error) {
      this.admin = undefined;
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await (await admin?.catch(() => undefined))?.disconnect();
  }

  private async ping(): Promise<number> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    const admin = await this.admin;
    return (await admin.describeCluster()).brokers.length;
  }
}
