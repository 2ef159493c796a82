import { DeadlineExceededError } from '../errors/deadline-exceeded.error';
import { Deadline } from './deadline';

/**
 * Settles with `run()`'s outcome, or rejects with `DeadlineExceededError` when `deadline`
 * passes, whichever comes first (cockatiel's "aggressive" timeout, on the deadline's shared
 * timer). `run` is not cancelled: it gets the deadline's signal for that. With `owned`, the
 * deadline's timer is released as soon as the race settles (saves a `.then` per call);
 * `callerImposed` (or its value when the deadline passes) is copied into the error (see
 * `DeadlineExceededError.callerImposed`).
 *
 * With `serveExpired` (a route's race), a deadline already passed does not stop `run` from
 * starting, and the race gives up one loop turn after the deadline fires rather than at once:
 * an answer in hand (an L1 hit, a graced copy a cache waiter serves as it gives up at the same
 * deadline) settles within that turn and is served. Only a call still waiting gets the 504.
 * @internal
 */
export function raceDeadline<T>(
  deadline: Deadline,
  name: string,
  budgetMs: number,
  run: () => PromiseLike<T> | T,
  owned = false,
  callerImposed: boolean | (() => boolean) = false,
  serveExpired = false,
): Promise<T> {
  // Judged when the deadline passes (a function: whether the call had started by then).
  const imposed = (): boolean =>
    typeof callerImposed === 'function' ? callerImposed() : callerImposed;
  if (!serveExpired && deadline.expired) {
    return Promise.reject(new DeadlineExceededError(name, budgetMs, imposed()));
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    // A counter rather than a second closure: a route's race runs on every request.
    let turnsLeft = serveExpired ? 1 : 0;
    const onExpire = (): void => {
      if (settled) return;
      if (turnsLeft-- > 0) return void setImmediate(onExpire);
      settled = true;
      reject(new DeadlineExceededError(name, budgetMs, imposed()));
    };
    const onValue = (value: T): void => {
      if (settled) return;
      settled = true;
      if (owned) deadline.dispose();
      else deadline.unwatch(onExpire);
      resolve(value);
    };
    const onError = (error: unknown): void => {
      if (settled) return;
      settled = true;
      if (owned) deadline.dispose();
      else deadline.unwatch(onExpire);
      reject(error);
    };
    deadline.watch(onExpire);
    try {
      Promise.resolve(run()).then(onValue, onError);
    } catch (error) {
      onError(error);
    }
  });
}

/** The deadline a call runs under: the caller's if sooner, else a new one (undefined if unbounded). @internal */
export function effectiveDeadline(parent: Deadline | undefined, at: number): Deadline | undefined {
  if (parent && parent.at <= at) return parent;
  return at === Infinity ? undefined : new Deadline(at);
}
