import type { Registry } from 'prom-client';
import type { Duration } from '../duration';
import type { BreakerOptions } from '../policies/circuit-breaker';
import type { BulkheadOptions } from '../policies/bulkhead';
import type { RetryOptions } from '../policies/retry';

/**
 * Policies for calls to one dependency (`postgres`, `redis`, `kafka`, an HTTP API), used by
 * `ResiliencePolicies.execute(name, fn)` and by `@UseBreaker(name)`.
 * @publicApi
 */
export interface DependencyOptions {
  /** Budget of one call (capped by the caller's deadline). @default '1s' */
  timeout?: Duration;
  /** Breaker of this dependency. @default { strategy: consecutive(5), openFor: '5s', critical: true } */
  breaker?: BreakerOptions;
  /** Concurrency limit for this dependency. @default none */
  bulkhead?: BulkheadOptions;
  /** Retries for idempotent calls. @default none */
  retry?: RetryOptions;
}

/**
 * Options of `ResilienceModule.forRoot()`.
 * @publicApi
 */
export interface ResilienceModuleOptions {
  /**
   * Per-dependency policies. `postgres`, `redis` and `kafka` always exist (with defaults if not
   * listed); other names are created with defaults on first use.
   * @default {}
   */
  dependencies?: Record<string, DependencyOptions>;
  /** Budget of `@Timeout()` when called without an argument. @default '1s' */
  defaultTimeout?: Duration;
  /**
   * Budget of every HTTP route without its own `@Timeout`. Incoming `x-request-deadline` /
   * `x-request-timeout` headers apply regardless, capped by the route's budget.
   * @default none (only header deadlines apply)
   */
  requestTimeout?: Duration;
  /** `Retry-After` sent with 503 for a full bulkhead (an open breaker sends its open time). @default '1s' */
  retryAfter?: Duration;
  /** Where metrics are registered. @default prom-client's global `register` */
  registry?: Registry;
}
