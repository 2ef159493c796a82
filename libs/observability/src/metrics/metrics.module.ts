import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { collectDefaultMetrics, register, Registry } from 'prom-client';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { METRICS_REGISTRY } from './metrics.constants';

export interface MetricsModuleOptions {
  /** Registry to expose. @default prom-client's global `register` */
  registry?: Registry;
  /** Collect Node process metrics (CPU, heap, event-loop lag, GC). @default true */
  defaultMetrics?: boolean;
}

const withDefaults = new WeakSet<Registry>();

/** Provides the registry, default process metrics and the HTTP duration middleware on every route. */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(options: MetricsModuleOptions = {}): DynamicModule {
    const registry = options.registry ?? register;
    if (options.defaultMetrics !== false && !withDefaults.has(registry)) {
      withDefaults.add(registry);
      collectDefaultMetrics({ register: registry });
    }
    return {
      module: MetricsModule,
      providers: [{ provide: METRICS_REGISTRY, useValue: registry }, HttpMetricsMiddleware],
      exports: [METRICS_REGISTRY],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
