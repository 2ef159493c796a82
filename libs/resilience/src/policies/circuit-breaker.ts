import {
  circuitBreaker,
  CircuitBreakerPolicy,
  CircuitState,
  handleWhen,
  IDefaultPolicyContext,
  IPolicy,
  isBulkheadRejectedError,
} from 'cockatiel';
import { Duration, toMs } from '@bulwark/common';
import { isBulkheadFullError } from '../errors/bulkhead-full.error';
import { isDeadlineExceededError } from '../errors/deadline-exceeded.error';
import { isClientError } from '../errors/client-error';
import {
  RESILIENCE_DEFAULT_BREAKER_THRESHOLD,
  RESILIENCE_DEFAULT_OPEN_MS,
} from '../resilience.constants';
import { BreakerStrategy, consecutive, RateBreaker } from './breaker-strategies';
import { CallClock } from './call-clock';

/** Options of one named breaker. @publicApi */
export interface BreakerOptions {
  /** When to open: `consecutive(n)` or `sampling({...})`. @default consecutive(5) */
  strategy?: BreakerStrategy;
  /** How long it stays open before letting one probe call through (half-open). @default '5s' */
  openFor?: Duration;
  /** Which errors count as failures. @default all but 4xx, full bulkheads and timeouts of the caller's budget or of a call still queued */
  isFailure?: (error: Error) => boolean;
  /** Whether an open breaker makes the health check `down`. @default true */
  critical?: boolean;
}

/** Marks a successful but slow result so cockatiel's result filter counts it as a failure. */
class SlowCall<T> {
  constructor(readonly value: T) {}
}

/**
 * 4xx, full bulkheads and timeouts the dependency did not cause (the caller's deadline, or one
 * that passed while the call still queued) say nothing about the dependency.
 */
const defaultIsFailure = (error: Error): boolean =>
  !(isDeadlineExceededError(error) && error.callerImposed) &&
  !isClientError(error) &&
  !isBulkheadFullError(error) &&
  !isBulkheadRejectedError(error);

/**
 * A named circuit breaker: cockatiel's `CircuitBreakerPolicy` plus slow-call accounting. Slow
 * calls are measured here and reported to cockatiel as "failed results" (its result filter),
 * so the caller still gets the value while the breaker counts it against the dependency.
 * @publicApi
 */
export class BreakerPolicy implements IPolicy {
  declare readonly _altReturn: never;
  /** The cockatiel policy underneath: `onBreak`, `onReset`, `isolate()`, `toJSON()` live there. */
  readonly inner: CircuitBreakerPolicy;
  /** @inheritdoc */
  readonly onSuccess: CircuitBreakerPolicy['onSuccess'];
  /** @inheritdoc */
  readonly onFailure: CircuitBreakerPolicy['onFailure'];
  /** Fires on every state change (closed, open, half-open, isolated). */
  readonly onStateChange: CircuitBreakerPolicy['onStateChange'];
  /** Seconds an open breaker needs before it half-opens: the `Retry-After` to send. */
  readonly openForMs: number;
  private readonly slowCallMs?: number;

  constructor(
    readonly name: string,
    options: BreakerOptions = {},
    /** Whether an open breaker makes the health check `down`. */
    readonly critical = options.critical ?? true,
  ) {
    const strategy = options.strategy ?? consecutive(RESILIENCE_DEFAULT_BREAKER_THRESHOLD);
    const breaker = strategy.create();
    this.openForMs = toMs(options.openFor ?? RESILIENCE_DEFAULT_OPEN_MS, 'openFor');
    this.slowCallMs = strategy.slowCallMs;
    const isFailure = options.isFailure ?? defaultIsFailure;
    // cockatiel 4 types the thrown value as unknown; it passes the same value cockatiel 3 did.
    const filter = handleWhen((error) => isFailure(error as Error)).orWhenResult(
      (r) => r instanceof SlowCall,
    );
    this.inner = circuitBreaker(filter, { halfOpenAfter: this.openForMs, breaker });
    if (breaker instanceof RateBreaker) breaker.attach(this.inner);
    this.onSuccess = this.inner.onSuccess;
    this.onFailure = this.inner.onFailure;
    this.onStateChange = this.inner.onStateChange;
  }

  /** Current state, as cockatiel's `CircuitState` (0 closed, 1 open, 2 half-open, 3 isolated). */
  get state(): CircuitState {
    return this.inner.state;
  }

  /**
   * Runs `fn` unless the breaker is open; throws cockatiel's `BrokenCircuitError` if it is.
   * Without `clock`, a call counts as slow from the moment it enters; pass one (and `start()` it
   * when the call proper begins) to leave the time queued in front of it out.
   */
  execute<T>(
    fn: (context: IDefaultPolicyContext) => PromiseLike<T> | T,
    signal?: AbortSignal,
    clock?: CallClock,
  ): Promise<T> {
    if (this.slowCallMs === undefined) return this.inner.execute(fn, signal);
    const slowMs = this.slowCallMs;
    return this.inner
      .execute(async (context) => {
        const own = clock ?? new CallClock();
        const value = await fn(context);
        const slow = own.startedAt !== undefined && performance.now() - own.startedAt > slowMs;
        return slow ? new SlowCall(value) : value;
      }, signal)
      .then((r) => (r instanceof SlowCall ? (r.value as T) : r));
  }

  /** Holds the breaker open until the returned handle is disposed (maintenance, tests). */
  isolate(): { dispose(): void } {
    return this.inner.isolate();
  }
}

/**
 * Creates a named {@link BreakerPolicy}. Share one instance per dependency (the
 * `BreakerRegistry` does that for you); a breaker per call never opens.
 * @example
 * const pg = breakerPolicy('postgres', { strategy: consecutive(5), openFor: '10s' });
 * await pg.execute(() => dataSource.query('SELECT 1'));
 * @publicApi
 */
export function breakerPolicy(name: string, options?: BreakerOptions): BreakerPolicy {
  return new BreakerPolicy(name, options);
}
