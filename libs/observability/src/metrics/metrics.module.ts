import {
  DynamicModule,
  Global,
  Inject,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { optionalPeer } from '@bulwark/common';
import type { Registry } from 'prom-client';
import { FASTIFY, FastifyInstanceLike, fastifyRouteLabel } from '../http/fastify-instance';
import { HttpDuration } from './http-duration';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { METRICS_REGISTRY } from './metrics.constants';

export interface MetricsModuleOptions {
  /** Registry to expose. @default prom-client's global `register` */
  registry?: Registry;
  /** Collect Node process metrics (CPU, heap, event-loop lag, GC). @default true */
  defaultMetrics?: boolean;
}

const withDefaults = new WeakSet<Registry>();

/**
 * Provides the registry, default process metrics and `http_request_duration_seconds` on every
 * route: an `onResponse` hook on Fastify, a middleware on Express.
 */
@Global()
@Module({})
export class MetricsModule implements NestModule, OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  static forRoot(options: MetricsModuleOptions = {}): DynamicModule {
    // prom-client is an optional peer: loaded here, so an app without metrics need not install it.
    const { collectDefaultMetrics, register } = optionalPeer(
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      () => require('prom-client') as typeof import('prom-client'),
      'prom-client',
      'MetricsModule',
    );
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
    if (this.isFastify()) return;
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }

  onModuleInit(): void {
    if (!this.isFastify()) return;
    const duration = new HttpDuration(this.registry);
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstanceLike>();
    // Before Nest registers its routes (app.init), so the hook covers every one of them.
    fastify.addHook('onResponse', (request, reply, done) => {
      duration.observe(
        request.method,
        fastifyRouteLabel(request),
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
      done();
    });
  }

  private isFastify(): boolean {
    return this.adapterHost.httpAdapter?.getType() === FASTIFY;
  }
}
