import { AsyncLocalStorage } from 'node:async_hooks';
import { MESSAGE_DEADLINE_HEADER } from '@bulwark/common';

/**
 * The absolute point in time (epoch ms) by which a unit of work must be done, shared by every
 * policy layer and downstream call of one request or message.
 *
 * The `AbortSignal` is created only when someone asks for it: an `AbortController` costs ≈2 µs
 * on Node 20 (it is a JS EventTarget), more than the whole policy stack is allowed, and most
 * calls (cache hits, fast queries) finish without ever needing to be cancelled. So a request
 * pays for at most one controller, and only if a downstream client takes a signal.
 * @publicApi
 */
export class Deadline {
  private controller?: AbortController;
  private aborted = false;
  private timer?: NodeJS.Timeout;
  // One watcher is the common case (one policy per call): a field, no Set allocation.
  private watcher?: () => void;
  private watchers?: Set<() => void>;

  constructor(
    /** Absolute deadline, epoch ms. */
    readonly at: number,
  ) {}

  /** A deadline `ms` from now. */
  static after(ms: number): Deadline {
    return new Deadline(Date.now() + ms);
  }

  /** Milliseconds left, never negative. */
  remaining(now = Date.now()): number {
    return this.at > now ? this.at - now : 0;
  }

  /** True once the deadline has passed or was aborted by a timeout policy. */
  get expired(): boolean {
    return this.aborted || Date.now() >= this.at;
  }

  /**
   * True once the deadline's timer fired and its watchers gave up; unlike {@link expired}, not
   * merely because the clock passed `at` (a request that queued past its deadline but has not
   * waited on anything yet).
   */
  get timedOut(): boolean {
    return this.aborted;
  }

  /** Aborts when the deadline passes (as enforced by a timeout policy). Created on first use. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(deadlineReason(this));
    }
    return this.controller.signal;
  }

  /**
   * Calls `onExpire` once when the deadline passes. All watchers of one deadline share one
   * timer, so every policy layer of a request adds a Set entry, not a `setTimeout`. The timer
   * is unref'd: a deadline alone never keeps the process alive.
   *
   * The verdict is loop-aware: the timer fires in the event loop's timers phase, before the poll
   * phase reads sockets, so under a burst that held the loop past the deadline a plain timer
   * would fail calls whose replies are already waiting to be read (a finished load, a Redis
   * answer) — the deadline bounds waiting, and those are no longer waiting. Watchers are
   * therefore told one `setImmediate` later (after poll), as `@bulwark/cache` judges Redis.
   */
  watch(onExpire: () => void): void {
    if (this.aborted) return onExpire();
    if (!this.watcher) this.watcher = onExpire;
    else (this.watchers ??= new Set()).add(onExpire);
    if (!this.timer) {
      // Node 24 warns (TimeoutNegativeWarning) on a negative delay; an expired deadline fires next turn.
      this.timer = setTimeout(expireAfterPendingIo, Math.max(0, this.at - Date.now()), this);
      this.timer.unref();
    }
  }

  /** Stops watching. */
  unwatch(onExpire: () => void): void {
    if (this.watcher === onExpire) this.watcher = undefined;
    else this.watchers?.delete(onExpire);
  }

  /** The timer's verdict, one loop turn late (see `watch`); a deadline disposed meanwhile stays quiet. @internal */
  expireFromTimer(): void {
    if (this.timer) this.expire();
  }

  /** Marks the deadline as passed, aborts the signal and tells the watchers. @internal */
  expire(): void {
    if (this.aborted) return;
    this.aborted = true;
    const { watcher, watchers } = this;
    this.dispose();
    this.controller?.abort(deadlineReason(this));
    watcher?.();
    watchers?.forEach((onExpire) => onExpire());
  }

  /** Releases the timer and watchers of a deadline whose work is done (its owner calls this). @internal */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher = this.watchers = undefined;
  }
}

function expireAfterPendingIo(deadline: Deadline): void {
  setImmediate(expireNow, deadline);
}

function expireNow(deadline: Deadline): void {
  deadline.expireFromTimer();
}

function deadlineReason(deadline: Deadline): Error {
  return Object.assign(new Error(`Deadline ${new Date(deadline.at).toISOString()} exceeded`), {
    name: 'TimeoutError',
  });
}

// `| undefined` so runWithoutDeadline can clear it for one call tree.
const storage = new AsyncLocalStorage<Deadline | undefined>();

/** Runs `fn` with `deadline` as the current one for everything it calls, sync or async. */
export function runWithDeadline<A extends unknown[], T>(
  deadline: Deadline,
  fn: (...args: A) => T,
  ...args: A
): T {
  return storage.run(deadline, fn, ...args);
}

/**
 * Runs `fn` outside the current deadline: nothing it calls, sync or async, sees one. For work
 * shared by several callers with budgets of their own (a cache load that many requests wait
 * for): it must not end at whichever caller happened to start it; each caller races its own
 * deadline instead, and the work runs on its dependencies' own budgets.
 * @publicApi
 */
export function runWithoutDeadline<T>(fn: () => T): T {
  return storage.run(undefined, fn);
}

/**
 * The deadline of the current request or message, if any. Use its `signal` for clients that
 * take one (`fetch`, pg's cancel), and {@link remainingBudget} to size client timeouts.
 * @publicApi
 */
export function currentDeadline(): Deadline | undefined {
  return storage.getStore();
}

/**
 * Milliseconds left before the current deadline; `undefined` outside any deadline.
 * @example
 * const ms = remainingBudget() ?? 5_000;
 * @publicApi
 */
export function remainingBudget(): number | undefined {
  return storage.getStore()?.remaining();
}

/**
 * Headers that carry the current deadline into a message, so its consumer can skip it once the
 * requester has given up (see `@SkipExpired`). Empty outside any deadline.
 * @example
 * await producer.send({ topic, messages: [{ value, headers: { ...deadlineHeaders() } }] });
 * @publicApi
 */
export function deadlineHeaders(deadline = storage.getStore()): Record<string, string> {
  return deadline && Number.isFinite(deadline.at)
    ? { [MESSAGE_DEADLINE_HEADER]: String(deadline.at) }
    : {};
}
