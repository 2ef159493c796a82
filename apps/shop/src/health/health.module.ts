import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventLoopHealthIndicator } from '@bulwark/observability';
import { HealthController } from './health.controller';
import { LifecycleState } from './lifecycle.state';
import { MetricsController } from './metrics.controller';
import { PostgresHealthIndicator } from './postgres.health';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [LifecycleState, PostgresHealthIndicator, EventLoopHealthIndicator],
  exports: [LifecycleState],
})
export class HealthModule {}
