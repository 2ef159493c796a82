import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { RedisHealthIndicator } from '@bulwark/cache';
import { KafkaHealthIndicator } from '@bulwark/messaging';
import { EventLoopHealthIndicator } from '@bulwark/observability';
import { AdmissionHealthIndicator, BreakerHealthIndicator } from '@bulwark/resilience';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
  MemoryHealthIndicator,
} from '@nestjs/terminus';
import { KafkaConsumerGroupHealthIndicator } from './kafka-consumer-group.health';
import { LifecycleHealthIndicator } from './lifecycle.health';
import { LifecycleState } from './lifecycle.state';
import { OptionalRabbitMqHealthIndicator } from './optional-rabbitmq.health';
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
    private readonly memory: MemoryHealthIndicator,
    private readonly eventLoop: EventLoopHealthIndicator,
    private readonly lifecycleState: LifecycleState,
    private readonly lifecycle: LifecycleHealthIndicator,
    private readonly postgres: PostgresHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly kafkaConsumer: KafkaConsumerGroupHealthIndicator,
    private readonly rabbit: OptionalRabbitMqHealthIndicator,
    private readonly breakers: BreakerHealthIndicator,
    private readonly admission: AdmissionHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOkResponse({ description: 'The process can serve' })
  @ApiServiceUnavailableResponse({
    description: 'Heap or event-loop delay over its limit; details name the failing check',
  })
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
      'Postgres, Redis, the Kafka broker, lag and consumer-group assignment, RabbitMQ (when configured) and the breakers are fine; Redis down reads as degraded',
  })
  @ApiServiceUnavailableResponse({ description: 'Details name each failing dependency' })
  ready(@Res({ passthrough: true }) res: StatusSink): Promise<HealthCheckResult | object> {
    // Shutting down: answer at once, without touching dependencies that are being closed.
    if (this.lifecycleState.isDraining)
      return this.run(res, [() => this.lifecycle.check('lifecycle')]);
    return this.run(res, [
      () => this.lifecycle.check('lifecycle'),
      () => this.postgres.pingCheck('postgres'),
      // Redis down is 'degraded', not down: reads still come from L1 + single-flight + Postgres.
      () => this.redis.pingCheck('redis', { whenDegraded: 'degraded' }),
      () => this.kafka.isHealthy('kafka'),
      () => this.kafkaConsumer.check('kafkaConsumer'),
      () => this.rabbit.pingCheck('rabbitmq'),
      () => this.breakers.breakersCheck('breakers'),
      // Always up: shedding load is this instance serving what it can, not failing to serve.
      () => this.admission.check('admission'),
    ]);
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
