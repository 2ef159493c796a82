import { Controller, Get, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { RedisHealthIndicator } from '@bulwark/cache';
import { KafkaConsumerGroupHealthIndicator, KafkaHealthIndicator } from '@bulwark/messaging/kafka';
import { EventLoopHealthIndicator } from '@bulwark/observability';
import { AdmissionHealthIndicator, BreakerHealthIndicator } from '@bulwark/resilience';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
  MemoryHealthIndicator,
} from '@nestjs/terminus';
import { AdminAuth, clientAddress } from '../admin/admin-auth';
import { ShopEnv } from '../config/env';
import { LifecycleHealthIndicator } from './lifecycle.health';
import { LifecycleState } from './lifecycle.state';
import { OptionalRabbitMqHealthIndicator } from './optional-rabbitmq.health';
import { PostgresHealthIndicator } from './postgres.health';
import { statusOnly } from './status-only';

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

interface ProbeRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  socket?: { remoteAddress?: string };
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly detailsForAll: boolean;

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
    private readonly adminAuth: AdminAuth,
    config: ConfigService<ShopEnv, true>,
  ) {
    this.detailsForAll = config.get('HEALTH_DETAILS', { infer: true });
  }

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
  async ready(
    @Req() req: ProbeRequest,
    @Res({ passthrough: true }) res: StatusSink,
  ): Promise<HealthCheckResult | object> {
    const report = await this.readiness(res);
    return (await this.showsDetails(req)) ? report : statusOnly(report);
  }

  /**
   * Details only for the admin token (or everyone with HEALTH_DETAILS=true). A probe sends no
   * Authorization header and costs nothing here; a wrong token counts as a failed admin
   * authentication (the same throttle as /admin/*), so this is no place to guess it.
   */
  private async showsDetails(req: ProbeRequest): Promise<boolean> {
    if (this.detailsForAll) return true;
    const authorization = req.headers.authorization;
    if (authorization === undefined) return false;
    return (await this.adminAuth.check(authorization, clientAddress(req))).kind === 'granted';
  }

  private readiness(res: StatusSink): Promise<HealthCheckResult | object> {
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
      // An open breaker is one dependency failing fast, not this instance unable to serve: it
      // shows as degraded (200). Postgres itself unreachable still fails readiness (its ping).
      () => this.breakers.breakersCheck('breakers', { whenOpen: 'degraded' }),
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
