export { METRICS_REGISTRY } from './metrics/metrics.constants';
export { MetricsModule } from './metrics/metrics.module';
export type { MetricsModuleOptions } from './metrics/metrics.module';
export { HttpMetricsMiddleware, routeLabel } from './metrics/http-metrics.middleware';
export { counter, gauge, histogram } from './metrics/metric-factory';
export { requestId, requestIdOf, REQUEST_ID_HEADER } from './logging/request-id';
export {
  installFastifyRequestLog,
  type RequestLogOptions,
  type RequestLogSink,
} from './logging/request-log';
export type { FastifyInstanceLike } from './http/fastify-instance';
export { EventLoopHealthIndicator } from './health/event-loop.health';
export * from './tracing';
