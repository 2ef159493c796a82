import {
  Global,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { trace } from '@opentelemetry/api';
import { FASTIFY, FastifyInstanceLike } from '../http/fastify-instance';
import { activeTracing } from './start-tracing';

/** OpenTelemetry's semantic-convention attribute for the matched route template. */
const HTTP_ROUTE = 'http.route';

/**
 * Reports where spans go at start, and flushes and stops the tracing SDK when the app shuts
 * down. Nest calls `onApplicationShutdown` after every `onModuleDestroy` and
 * `beforeApplicationShutdown`, so the spans of the last requests, relay passes and consumed
 * messages are in the batch that gets exported. Without an SDK it only logs that tracing is off.
 *
 * On Fastify it also names the route of each server span (`http.route`, `GET /products/:id`):
 * the HTTP instrumentation sees only the raw URL, and on Express the Express instrumentation does
 * this. One hook with the route Fastify already matched, rather than @fastify/otel's span per
 * hook and handler.
 * @publicApi
 */
@Global()
@Module({})
export class TracingModule implements OnModuleInit, OnApplicationShutdown {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const tracing = activeTracing();
    new Logger('Tracing').log(`tracing: ${tracing.description}`);
    const adapter = this.adapterHost.httpAdapter;
    if (!tracing.enabled || adapter?.getType() !== FASTIFY) return;
    adapter.getInstance<FastifyInstanceLike>().addHook('onRequest', (request, _reply, done) => {
      const route = request.routeOptions.url;
      const span = route === undefined ? undefined : trace.getActiveSpan();
      if (route !== undefined && span) {
        span.setAttribute(HTTP_ROUTE, route);
        span.updateName(`${request.method} ${route}`);
      }
      done();
    });
  }

  onApplicationShutdown(): Promise<void> {
    return activeTracing().shutdown();
  }
}
