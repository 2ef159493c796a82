import { healthIndicators, withTimeout } from '@bulwark/common';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { RabbitMqConnection } from './rabbitmq-connection';

/** Options of {@link RabbitMqHealthIndicator.pingCheck}. */
export interface RabbitMqPingOptions {
  /** Give up and report `down` after this many milliseconds. @default 1000 */
  readonly timeout?: number;
}

const DEFAULT_TIMEOUT_MS = 1000;

/**
 * Readiness of RabbitMQ: a live connection that answers a round trip (open + close a channel).
 * Never throws; a missing transport (no `rabbitmq` options) reports `down` with a reason. Needs
 * `@nestjs/terminus` (an optional peer) only when `pingCheck` runs.
 * @publicApi
 */
@Injectable()
export class RabbitMqHealthIndicator {
  private readonly health = healthIndicators('RabbitMqHealthIndicator');

  constructor(
    @Optional() @Inject(RabbitMqConnection) private readonly connection?: RabbitMqConnection | null,
  ) {}

  /**
   * @example `() => this.rabbit.pingCheck('rabbitmq')` inside `HealthCheckService.check([...])`
   */
  async pingCheck<const Key extends string>(
    key: Key,
    options: RabbitMqPingOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const session = this.health.check(key);
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    const connection = this.connection;
    if (!connection) return session.down({ message: 'RabbitMQ transport is not configured' });
    if (!connection.isConnected) return session.down({ message: 'RabbitMQ is not connected' });
    try {
      await withTimeout(roundTrip(connection), timeout, () => {
        throw new Error(`timeout of ${timeout} ms exceeded`);
      });
      return session.up();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

async function roundTrip(connection: RabbitMqConnection): Promise<void> {
  const channel = await connection.channelModel.createChannel();
  await channel.close();
}
