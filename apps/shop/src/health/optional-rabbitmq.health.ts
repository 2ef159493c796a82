import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { RabbitMqHealthIndicator } from '@bulwark/messaging/rabbitmq';
import { ShopEnv } from '../config/env';

/**
 * RabbitMQ is optional in the shop: with RABBITMQ_URL unset readiness says so (`enabled: false`)
 * instead of failing on a transport that was never meant to run.
 */
@Injectable()
export class OptionalRabbitMqHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly rabbit: RabbitMqHealthIndicator,
    private readonly config: ConfigService<ShopEnv, true>,
  ) {}

  async pingCheck<const Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    if (this.config.get('RABBITMQ_URL', { infer: true })) return this.rabbit.pingCheck(key);
    return this.health.check(key).up({ enabled: false, message: 'RABBITMQ_URL unset' });
  }
}
