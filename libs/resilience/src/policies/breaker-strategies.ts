import {
  CircuitState,
  ConsecutiveBreaker,
  FailureReason,
  IBreaker,
  SamplingBreaker,
} from 'cockatiel';
import { Duration, toMs } from '@bulwark/common';

/**
 * How a breaker decides to open: a factory for cockatiel's `IBreaker` (each breaker needs its
 * own state) plus the slow-call threshold, if slow successes should count against it.
 * Build one with {@link consecutive} or {@link sampling}, or write your own.
 * @publicApi
 */
export interface BreakerStrategy {
  /** Creates the breaker state machine for one named breaker. */
  create(): IBreaker;
  /** Calls slower than this (ms) count as failures although their result is returned. */
  readonly slowCallMs?: number;
}

/**
 * Opens after `threshold` failures in a row (slow calls count as failures when `slowCall`).
 * @example breaker: { strategy: consecutive(5), openFor: '5s' }
 * @publicApi
 */
export function consecutive(
  threshold: number,
  opts: { slowCall?: Duration } = {},
): BreakerStrategy {
  const slowCallMs = opts.slowCall === undefined ? undefined : toMs(opts.slowCall, 'slowCall');
  return { create: () => new ConsecutiveBreaker(threshold), slowCallMs };
}

/** Options of {@link sampling}. @publicApi */
export interface SamplingStrategyOptions {
  /** Share of failed calls (0–1, exclusive) in the window that opens the breaker. */
  failureRate: number;
  /** Share of slow calls (0–1, exclusive) that opens it; needs `slowCall`. @default none */
  slowCallRate?: number;
  /** A call slower than this is "slow". @default none */
  slowCall?: Duration;
  /** Sliding window length. @default '10s' */
  window?: Duration;
  /** Calls needed in the window before either rate may open the breaker. @default 20 */
  minimumCalls?: number;
}

/**
 * Opens when the failure rate, or the slow-call rate, over a sliding window passes its
 * threshold, once the window holds `minimumCalls` calls (resilience4j's model).
 * @example breaker: { strategy: sampling({ failureRate: 0.5, slowCallRate: 0.8, slowCall: '200ms' }) }
 * @publicApi
 */
export function sampling(options: SamplingStrategyOptions): BreakerStrategy {
  const duration = toMs(options.window ?? '10s', 'window');
  const minimumRps = ((options.minimumCalls ?? 20) * 1_000) / duration;
  const slowCallMs =
    options.slowCall === undefined ? undefined : toMs(options.slowCall, 'slowCall');
  const slowRate = slowCallMs === undefined ? undefined : options.slowCallRate;
  return {
    slowCallMs,
    create: () =>
      new RateBreaker(
        new SamplingBreaker({ threshold: options.failureRate, duration, minimumRps }),
        slowRate === undefined
          ? undefined
          : new SamplingBreaker({ threshold: slowRate, duration, minimumRps }),
      ),
  };
}

/** Anything exposing cockatiel's `lastFailure` (its `CircuitBreakerPolicy`). @internal */
export interface FailureSource {
  readonly lastFailure: FailureReason<unknown> | undefined;
}

/**
 * Two of cockatiel's SamplingBreakers, one for errors and one for slow calls, so each rate has
 * its own threshold. cockatiel's `IBreaker.failure()` gets no reason, but the policy sets
 * `lastFailure` synchronously just before calling it: an `{ error }` is a failure, a `{ value }`
 * (the slow-call marker, matched by the result filter) is a slow call. Every call is pushed
 * into both breakers so both see the same total.
 * @internal
 */
export class RateBreaker implements IBreaker {
  private source?: FailureSource;

  constructor(
    private readonly failures: SamplingBreaker,
    private readonly slowCalls?: SamplingBreaker,
  ) {}

  get state(): unknown {
    return { failures: this.failures.state, slowCalls: this.slowCalls?.state };
  }

  set state(value: unknown) {
    const v = value as { failures: unknown; slowCalls?: unknown };
    this.failures.state = v.failures;
    if (this.slowCalls && v.slowCalls) this.slowCalls.state = v.slowCalls;
  }

  /** Connects the policy whose `lastFailure` tells slow calls from errors. */
  attach(source: FailureSource): void {
    this.source = source;
  }

  success(state: CircuitState): void {
    this.failures.success(state);
    this.slowCalls?.success(state);
  }

  failure(state: CircuitState): boolean {
    const last = this.source?.lastFailure;
    const slow = last !== undefined && 'value' in last;
    if (!slow || !this.slowCalls) {
      this.slowCalls?.success(state);
      return this.failures.failure(state);
    }
    this.failures.success(state);
    return this.slowCalls.failure(state);
  }
}
