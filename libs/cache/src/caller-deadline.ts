/**
 * A caller's deadline, as the cache needs it: when it falls, and a way to be told once it has
 * passed. `@bulwark/resilience`'s `Deadline` has this shape; so can any other.
 * @publicApi
 */
export interface CallerDeadline {
  /** Epoch ms after which the caller stops waiting. */
  readonly at: number;
  /** Calls `onExpire` once when the deadline passes. */
  watch(onExpire: () => void): void;
  /** Undoes `watch` once the caller has its answer. */
  unwatch(onExpire: () => void): void;
}

/**
 * How the cache learns about the deadlines of its callers without depending on the library that
 * sets them (`CacheModuleOptions.deadlines`; `@bulwark/resilience` exports `deadlineSource`).
 *
 * A deadline bounds how long a caller waits, never what it is served: an L1 hit is answered
 * whatever the clock says, a caller whose deadline has already passed starts nothing (no Redis
 * read, no lock, no load) and gets its graced L1 copy or `exceeded()`, and a caller waiting for
 * a load leaves at its own deadline while the load (run `detached`) goes on for the others.
 * @publicApi
 */
export interface CacheDeadlines {
  /** The current caller's deadline, if it has one. Asked once per read that misses L1. */
  current(): CallerDeadline | undefined;
  /**
   * Runs `fn` (a load shared by every caller of a key, or a background refresh) outside the
   * current caller's deadline, so it is bounded by `loadTimeout` and its dependencies' own
   * budgets instead of by whichever caller happened to start it.
   */
  detached<T>(fn: () => T): T;
  /** The error of a caller whose deadline ended its wait with no graced copy to serve. */
  exceeded(what: string): Error;
}

/** Without a source no caller has a deadline: reads wait as long as their loads take. */
export const NO_DEADLINES: CacheDeadlines = Object.freeze({
  current: () => undefined,
  detached: <T>(fn: () => T): T => fn(),
  exceeded: (what: string) => new Error(`${what}: caller deadline exceeded`),
});
