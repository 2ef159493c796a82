import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventLoopHealthIndicator } from '@bulwark/observability';
import { HealthController } from './health.controller';
import { HttpDrain } from './http-drain';
import { LifecycleHealthIndicator } from './lifecycle.health';
import { LifecycleState } from './lifecycle.state';
import { MetricsController } from './metrics.controller';
import { OptionalRabbitMqHealthIndicator } from './optional-rabbitmq.health';
import { PostgresHealthIndicator } from './postgres.health';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [
    LifecycleState,
    HttpDrain,
    EventLoopHealthIndicator,
    LifecycleHealthIndicator,
    PostgresHealthIndicator,
    OptionalRabbitMqHealthIndicator,
  ],
  exports: [LifecycleState, HttpDrain],
})
export class HealthModule {}
