import {
  BulkheadPolicy,
  CircuitState,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isTaskCancelledError,
  RetryPolicy,
} from 'cockatiel';
import { currentDeadline, Deadline, runWithDeadline } from '../deadline/deadline';
import { DeadlineContext } from '../deadline/deadline.policy';
import { effectiveDeadline, raceDeadline } from '../deadline/race-deadline';
import { BulkheadFullError, isBulkheadFullError } from '../errors/bulkhead-full.error';
import { CircuitOpenError, isCircuitOpenError } from '../errors/circuit-open.error';
import { DeadlineExceededError, isDeadlineExceededError } from '../errors/deadline-exceeded.error';
import { ResilienceMetrics } from '../metrics/resilience.metrics';
import { CallClock } from './call-clock';
import { BreakerPolicy } from './circuit-breaker';
import { FallbackHandler } from './fallback';

/** The layers of one stack; all but the name are optional. @publicApi */
export interface PolicyStackParts {
  /** Reported in errors and metric labels: a dependency or `Controller.method`. */
  name: string;
  /** Own budget in ms. @default Infinity (only the caller's deadline applies) */
  timeoutMs?: number;
  /** Shared breaker of the dependency (from `BreakerRegistry`). */
  breaker?: BreakerPolicy;
  /** cockatiel bulkhead, see `bulkheadPolicy`. */
  bulkhead?: BulkheadPolicy;
  /** cockatiel retry, see `retryPolicy`. Idempotent calls only. */
  retry?: RetryPolicy;
  /** Degraded answer on failure. */
  fallback?: FallbackHandler;
  /** `Retry-After` seconds for a full bulkhead. @default 1 */
  retryAfterSeconds?: number;
  /** Where timeouts, rejections, retries and fallbacks are counted. @default none */
  metrics?: ResilienceMetrics;
}

/** How one call enters a stack: its arguments (for the fallback) and an explicit deadline. */
export interface StackCall {
  /** Passed to the fallback after the error. */
  args?: readonly unknown[];
  /** `this` of the fallback, and where `@Fallback('method')` is looked up. */
  instance?: object;
  /** Absolute deadline (epoch ms) overriding the stack's own budget, e.g. a route's request deadline. */
  at?: number;
  /**
   * What a deadline that has already passed does to the call. `'fail'`: it is rejected before
   * it starts (a dependency call: nothing to wait for is started). `'serve'`: it still runs
   * under its deadline, and is rejected only if the deadline fires while it is still waiting (a
   * route: the budget bounds waiting, never serving, so an answer already in hand — an L1 hit
   * after the request queued in a busy event loop — is served, while every dependency call it
   * makes under the passed deadline fails fast).
   * @default 'fail'
   */
  expired?: 'fail' | 'serve';
  /**
   * When the call proper starts, for its breaker: `'entry'`, as soon as it gets past the bulkhead;
   * `'marked'`, when the function calls `context.markStarted()` (after taking a pool connection,
   * say), so time spent waiting for one is neither a slow call nor, if the deadline passes
   * meanwhile, a timeout held against the dependency.
   * @default 'entry'
   */
  start?: 'entry' | 'marked';
}

/**
 * Share of its own budget a call must have run, from its start, for its timeout to count against
 * the breaker. Not all of it: a route's budget counts from the request's arrival, and the
 * moments before its handler starts (guards, pipes, a loop turn) are not the dependency's either.
 */
const OWN_BUDGET_SHARE = 0.9;

/**
 * fallback → breaker → timeout → retry → bulkhead → call, executed without
 * cockatiel's `wrap()`, which spreads a fresh context object per layer (time, and it would drop
 * the lazy `signal` getter of our context). The order is deliberate:
 * - the deadline is raced inside the breaker, so the breaker counts a timeout as a failure the
 *   moment it happens — if the call proper ran for (90 % of) the stack's own budget: the breaker
 *   judges the dependency from when the call starts, never from time queued in front of it
 *   (see `StackCall.start`); while the breaker is half-open it is raced outside too (same timer),
 *   because cockatiel parks other calls until the probe settles and they must still answer
 *   at their budget;
 * - an open breaker rejects before anything queues in the bulkhead;
 * - retries sit inside the deadline, so all attempts share one budget;
 * - time queued in the bulkhead counts against the budget, and a queued call whose deadline
 *   passed is dropped before it runs (the `expired` check below).
 * @publicApi
 */
export class PolicyStack {
  /** Name used in errors and metric labels. */
  readonly name: string;
  /** Own budget in ms; `Infinity` when only the caller's deadline applies. */
  readonly budgetMs: number;

  constructor(private readonly parts: PolicyStackParts) {
    this.name = parts.name;
    this.budgetMs = parts.timeoutMs ?? Infinity;
    const { metrics } = parts;
    if (!metrics) return;
    const labels = { policy: parts.name };
    parts.bulkhead?.onReject(() => metrics.bulkheadRejections.inc(labels));
    parts.retry?.onRetry(() => metrics.retries.inc(labels));
  }

  /** Runs `fn` through every layer; failures come out as our HTTP-mapped errors. */
  execute<T>(
    fn: (context: DeadlineContext) => PromiseLike<T> | T,
    call: StackCall = {},
  ): Promise<T> {
    const at = call.at ?? (this.budgetMs === Infinity ? Infinity : Date.now() + this.budgetMs);
    const serve = call.expired === 'serve';
    // Only a breaker needs to know when the call proper started.
    const clock = this.parts.breaker ? new CallClock(false) : undefined;
    const marked = call.start === 'marked';
    const guarded = (): PromiseLike<T> | T => {
      const deadline = currentDeadline();
      // Serving, only a call whose race already gave up (it waited in the bulkhead) is dropped.
      if (deadline && (serve ? deadline.timedOut : deadline.expired)) {
        throw new DeadlineExceededError(this.name, this.budgetMs, true);
      }
      if (!marked) clock?.start();
      return fn(new DeadlineContext(deadline, clock));
    };
    let running: Promise<T>;
    try {
      running = this.withDeadline(guarded, at, serve, clock);
    } catch (error) {
      running = Promise.reject(error);
    }
    // A plain `.then` rather than async/await: one promise and two microtask turns less per call.
    return running.then(undefined, (raw: unknown) => this.recover<T>(raw, call));
  }

  private async recover<T>(raw: unknown, call: StackCall): Promise<T> {
    const error = this.map(raw);
    if (isDeadlineExceededError(error) && error.policy === this.name) {
      this.parts.metrics?.timeouts.inc({ policy: this.name });
    }
    const fallback = this.parts.fallback;
    if (!fallback || !fallback.handles(error)) throw error;
    this.parts.metrics?.fallbacks.inc({ policy: this.name, reason: reasonOf(error) });
    return (await fallback.resolve(error, call.args ?? [], call.instance)) as T;
  }

  private withDeadline<T>(
    fn: () => PromiseLike<T> | T,
    at: number,
    serve: boolean,
    clock: CallClock | undefined,
  ): Promise<T> {
    const parent = currentDeadline();
    const deadline = effectiveDeadline(parent, at);
    if (!deadline) {
      const breaker = this.parts.breaker;
      const inner = (): PromiseLike<T> | T => this.withRetry(fn);
      return Promise.resolve(breaker ? breaker.execute(inner, undefined, clock) : inner());
    }
    const budget = deadline.remaining();
    const owned = deadline !== parent;
    // A timeout is held against the dependency only if the call proper had been running for
    // (nearly) our whole own budget when the deadline passed. Anything sooner is somebody else's budget: a
    // client's x-request-timeout, a route's budget spent queueing in the event loop, on a hot
    // row or for a pool connection, a bulkhead slot. Counting those opened the shared Postgres
    // breaker under a burst of orders while Postgres was fine (issue 20). Loads behind
    // @bulwark/cache run detached from every caller's deadline (`runWithoutDeadline`), so they
    // run on this stack's own budget and a load that times out does say the dependency is slow.
    const callerImposed = (): boolean =>
      clock?.startedAt === undefined ||
      performance.now() - clock.startedAt < this.budgetMs * OWN_BUDGET_SHARE;
    const breaker = this.parts.breaker;
    if (breaker && breaker.state !== CircuitState.HalfOpen) {
      return runWithDeadline(deadline, () =>
        this.withBreaker(breaker, fn, deadline, budget, owned, callerImposed, serve, clock),
      );
    }
    const run = (): PromiseLike<T> | T =>
      breaker
        ? this.withBreaker(breaker, fn, deadline, budget, false, callerImposed, serve, clock)
        : this.withRetry(fn);
    return runWithDeadline(deadline, () =>
      raceDeadline(deadline, this.name, budget, run, owned, callerImposed, serve),
    );
  }

  private withBreaker<T>(
    breaker: BreakerPolicy,
    fn: () => PromiseLike<T> | T,
    deadline: Deadline,
    budget: number,
    owned: boolean,
    callerImposed: () => boolean,
    serve: boolean,
    clock: CallClock | undefined,
  ): Promise<T> {
    const inner = (): PromiseLike<T> | T => this.withRetry(fn);
    return breaker.execute(
      () => raceDeadline(deadline, this.name, budget, inner, owned, callerImposed, serve),
      undefined,
      clock,
    );
  }

  private withRetry<T>(fn: () => PromiseLike<T> | T): PromiseLike<T> | T {
    const retry = this.parts.retry;
    return retry ? retry.execute(() => this.withBulkhead(fn)) : this.withBulkhead(fn);
  }

  private withBulkhead<T>(fn: () => PromiseLike<T> | T): PromiseLike<T> | T {
    const bulkhead = this.parts.bulkhead;
    return bulkhead ? bulkhead.execute(fn) : fn();
  }

  private map(error: unknown): unknown {
    const retryAfter = this.parts.retryAfterSeconds ?? 1;
    if (isBrokenCircuitError(error)) {
      const breaker = this.parts.breaker;
      const seconds = breaker ? Math.max(1, Math.ceil(breaker.openForMs / 1000)) : retryAfter;
      return new CircuitOpenError(breaker?.name ?? this.name, seconds);
    }
    if (isBulkheadRejectedError(error)) return new BulkheadFullError(this.name, retryAfter);
    if (isTaskCancelledError(error)) return new DeadlineExceededError(this.name, this.budgetMs);
    return error;
  }
}

function reasonOf(error: unknown): string {
  if (isDeadlineExceededError(error)) return 'timeout';
  if (isCircuitOpenError(error)) return 'breaker_open';
  if (isBulkheadFullError(error)) return 'bulkhead_full';
  return 'error';
}
