import type { Registry } from 'prom-client';
import type { Duration } from '@bulwark/common';
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
 * Admission control: when the event loop stays saturated, new HTTP requests are refused with
 * `503` + `Retry-After` on the raw `node:http` server, before the framework sees them.
 * @publicApi
 */
export interface AdmissionOptions {
  /** Install the gate on the app's HTTP server. @default true */
  enabled?: boolean;
  /** Event-loop delay above which requests are queueing. @default '10ms' */
  target?: Duration;
  /**
   * CPU time the process must spend overloaded (late and never idle) before shedding starts: a
   * burst that costs less is served in full. CPU time, not wall time, so other processes on the
   * machine do not make a burst look like overload.
   * @default '500ms'
   */
  interval?: Duration;
  /** Path prefixes never refused: probes, metrics, operators. @default ['/health/', '/metrics', '/admin'] */
  exempt?: string[];
  /** `Retry-After` of a refused request. @default '1s' */
  retryAfter?: Duration;
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
  /** Admission control of the app's HTTP server. @default on, see {@link AdmissionOptions} */
  admission?: AdmissionOptions;
  /**
   * Where metrics are registered. @default prom-client's global `register` (no metrics when
   * prom-client is not installed)
   */
  registry?: Registry;
}
