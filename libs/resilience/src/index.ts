export * from './admission';
export * from './deadline';
export * from './decorators';
export * from './errors';
export * from './policies';
export { BreakerRegistry, type BreakerStateName } from './breaker-registry';
export type { Duration } from './duration';
export { BreakerHealthIndicator, type BreakersCheckOptions } from './health/breaker.health';
export { ResilienceInterceptor, RouteStacks } from './interceptors';
export type { AdmissionOptions, DependencyOptions, ResilienceModuleOptions } from './interfaces';
export { ResilienceMetrics } from './metrics/resilience.metrics';
export {
  RedisThrottlerStorage,
  type RedisThrottlerStorageOptions,
} from './rate-limit/redis-throttler.storage';
export {
  RESILIENCE_METRICS,
  MESSAGE_DEADLINE_HEADER,
  REQUEST_DEADLINE_HEADER,
  REQUEST_TIMEOUT_HEADER,
} from './resilience.constants';
export { ResilienceModule } from './resilience.module';
export { RESILIENCE_MODULE_OPTIONS } from './resilience.module-definition';
export type { ResolvedResilienceOptions } from './resilience-options';
export { ResiliencePolicies } from './resilience-policies';
