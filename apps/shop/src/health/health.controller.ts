import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { RedisHealthIndicator } from '@bulwark/cache';
import { KafkaHealthIndicator, RabbitMqHealthIndicator } from '@bulwark/messaging';
import { BreakerHealthIndicator } from '@bulwark/resilience';
import { ConfigService } from '@nestjs/config';
import { ShopEnv } from '../config/env';
import { EventLoopHealthIndicator } from '@bulwark/observability';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
  MemoryHealthIndicator,
} from '@nestjs/terminus';
import { LifecycleState } from './lifecycle.state';
import { PostgresHealthIndicator } from './postgres.health';

/** Liveness never looks at a dependency: restarting the process would not fix Postgres. */
const HEAP_LIMIT_BYTES = 3 * 1024 ** 3;
/**
 * A p99 event-loop stall this long means requests are not being served. Generous on purpose: a
 * failed liveness probe restarts the process, which a merely busy process does not need.
 */
const EVENT_LOOP_P99_LIMIT_MS = 5000;

interface StatusSink {
  status(code: number): unknown;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly memory: MemoryHealthIndicator,
    private readonly postgres: PostgresHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly lifecycle: LifecycleState,
    private readonly eventLoop: EventLoopHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly rabbit: RabbitMqHealthIndicator,
    private readonly config: ConfigService<ShopEnv, true>,
    private readonly breakers: BreakerHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOkResponse({ description: 'The process can serve' })
  live(@Res({ passthrough: true }) res: StatusSink): Promise<HealthCheckResult | object> {
    return this.run(res, [
      () => this.memory.checkHeap('heap', HEAP_LIMIT_BYTES),
      () => this.eventLoop.checkDelay('eventLoop', EVENT_LOOP_P99_LIMIT_MS),
    ]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({
    description:
      'Postgres, Redis, Kafka (and RabbitMQ when configured) are usable; Redis down reads as degraded',
  })
  @ApiServiceUnavailableResponse({ description: 'Details name each failing dependency' })
  ready(@Res({ passthrough: true }) res: StatusSink): Promise<HealthCheckResult | object> {
    return this.run(res, [
      () => this.shutdownCheck(),
      () => this.postgres.pingCheck('postgres'),
      // Redis down is 'degraded', not down: reads still come from L1 + single-flight + Postgres.
      () => this.redis.pingCheck('redis', { whenDegraded: 'degraded' }),
      () => this.kafka.isHealthy('kafka'),
      () => this.rabbitCheck(),
      () => this.breakers.breakersCheck('breakers'),
    ]);
  }

  /** RabbitMQ is optional: unset, readiness says so instead of failing. */
  private rabbitCheck() {
    if (this.config.get('RABBITMQ_URL', { infer: true })) return this.rabbit.pingCheck('rabbitmq');
    return this.indicators.check('rabbitmq').up({ enabled: false, message: 'RABBITMQ_URL unset' });
  }

  private shutdownCheck() {
    const check = this.indicators.check('lifecycle');
    return this.lifecycle.isDraining ? check.down({ message: 'shutting down' }) : check.up();
  }

  /** Terminus throws a 503 carrying the per-dependency report; answer with that report as is. */
  private async run(res: StatusSink, checks: HealthIndicatorFunction[]) {
    try {
      return await this.health.check(checks);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503);
      return err.getResponse() as object;
    }
  }
}
