export * from './admission';
export * from './deadline';
export * from './decorators';
export * from './errors';
export * from './policies';
export { BreakerRegistry, type BreakerStateName } from './breaker-registry';
export type { Duration } from '@bulwark/common';
export { BreakerHealthIndicator, type BreakersCheckOptions } from './health/breaker.health';
export { ResilienceInterceptor, RouteStacks } from './interceptors';
export type { AdmissionOptions, DependencyOptions, ResilienceModuleOptions } from './interfaces';
export { ResilienceMetrics } from './metrics/resilience.metrics';
export {
  RedisThrottlerStorage,
  type RedisThrottlerStorageOptions,
} from './rate-limit/redis-throttler.storage';
export { RESILIENCE_METRICS } from './resilience.constants';
// The header names are defined once in @bulwark/common; re-exported because they are part of
// this library's contract (what a caller sends, what a consumer reads).
export {
  MESSAGE_DEADLINE_HEADER,
  REQUEST_DEADLINE_HEADER,
  REQUEST_TIMEOUT_HEADER,
} from '@bulwark/common';
export { ResilienceModule } from './resilience.module';
export { RESILIENCE_MODULE_OPTIONS } from './resilience.module-definition';
export type { ResolvedResilienceOptions } from './resilience-options';
export { ResiliencePolicies } from './resilience-policies';
