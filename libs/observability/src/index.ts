export { METRICS_REGISTRY } from './metrics/metrics.constants';
export { MetricsModule } from './metrics/metrics.module';
export type { MetricsModuleOptions } from './metrics/metrics.module';
export { HttpMetricsMiddleware, routeLabel } from './metrics/http-metrics.middleware';
// Defined once in @bulwark/common (the cache and resilience libraries use them without loading
// OpenTelemetry); re-exported because every Bulwark metric is meant to be created through them.
export { counter, gauge, histogram } from '@bulwark/common';
export { requestId, requestIdOf } from './logging/request-id';
export { REQUEST_ID_HEADER } from '@bulwark/common';
export {
  installFastifyRequestLog,
  type RequestLogOptions,
  type RequestLogSink,
} from './logging/request-log';
export type { FastifyInstanceLike } from './http/fastify-instance';
export { EventLoopHealthIndicator } from './health/event-loop.health';
export * from './tracing';
