export { Bulkhead } from './bulkhead.decorator';
export { Fallback } from './fallback.decorator';
export { RequestSignal } from './request-signal.decorator';
export { Resilient, type ResilientOptions } from './resilient.decorator';
export { Retry } from './retry.decorator';
export { SkipExpired, type SkipExpiredOptions } from './skip-expired.decorator';
export { Timeout } from './timeout.decorator';
export { UseBreaker } from './use-breaker.decorator';
