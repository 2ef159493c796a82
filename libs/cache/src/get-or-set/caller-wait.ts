import type { CallerDeadline } from '../caller-deadline';
import type { CacheEntry } from '../tiers/cache-entry';
import type { CacheStack, EntryResult } from './cache-stack';
import type { LoaderRunner } from './loader-runner';
import { waitWithin } from './wait-within';

/** True when the caller's deadline has already passed: it may be served, not made to wait. */
export const hasPassed = (deadline: CallerDeadline | undefined, now = Date.now()): boolean =>
  deadline !== undefined && deadline.at <= now;

/**
 * Where a reader that missed L1 meets the key's load. The load is shared by every caller of the
 * key in this process (single-flight), so it runs detached from the deadline of the caller that
 * happened to start it, bounded by `loadTimeout` and its dependencies' own budgets; a leader
 * sending `x-request-timeout: 5` would otherwise fail the load for all its followers. Each
 * caller, leader included, waits for it only until its own deadline, then gets its graced copy
 * or the deadline error while the load goes on for the rest. A caller whose deadline has
 * already passed starts nothing: no L2 read, no lock, no load.
 * @internal
 */
export class CallerWait {
  constructor(
    private readonly stack: CacheStack,
    private readonly runner: LoaderRunner,
  ) {}

  /** `load` runs once per key at a time, detached; `stale` is this caller's fallback. */
  join<T>(
    key: string,
    deadline: CallerDeadline | undefined,
    load: () => Promise<EntryResult<T>>,
    stale?: CacheEntry<T>,
  ): Promise<EntryResult<T>> {
    if (hasPassed(deadline)) {
      try {
        return Promise.resolve(this.outOfTime(key, stale, 'entry'));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const { flights, metrics, options } = this.stack;
    const flight = flights.run(
      key,
      () => options.deadlines.detached(load),
      () => metrics.inc('coalesced'),
    );
    return deadline
      ? waitWithin(flight, deadline, () => this.outOfTime(key, stale, 'wait'))
      : flight;
  }

  private outOfTime<T>(
    key: string,
    stale: CacheEntry<T> | undefined,
    when: 'entry' | 'wait',
  ): EntryResult<T> {
    this.stack.metrics.inc('deadline_exceeded', when);
    const error = this.stack.options.deadlines.exceeded(`cache ${this.stack.options.namespace}`);
    return this.runner.graceOrThrow(key, stale, error);
  }
}
