export {
  consecutive,
  sampling,
  type BreakerStrategy,
  type SamplingStrategyOptions,
} from './breaker-strategies';
export { BreakerPolicy, breakerPolicy, type BreakerOptions } from './circuit-breaker';
export { CallClock } from './call-clock';
export { bulkheadPolicy, type BulkheadOptions } from './bulkhead';
export {
  FallbackHandler,
  fallbackPolicy,
  type FallbackFn,
  type FallbackOptions,
  type FallbackSource,
} from './fallback';
export { PolicyStack, type PolicyStackParts, type StackCall } from './policy-stack';
export { retryPolicy, type RetryOptions } from './retry';
