/**
 * When the dependency call proper started, for one call through a breaker. A call is judged
 * slow from this moment, not from when it entered the breaker: time spent queueing before it (a
 * bulkhead slot, a pool connection, a turn in a group commit) is the caller's load, not the
 * dependency being slow. Unstarted (`startedAt` undefined), a call is never slow.
 * @publicApi
 */
export class CallClock {
  /** `performance.now()` when the call started; undefined while it still queues. */
  startedAt: number | undefined;

  constructor(startNow = true) {
    this.startedAt = startNow ? performance.now() : undefined;
  }

  /** The call proper starts now (again, for a retry). */
  start(): void {
    this.startedAt = performance.now();
  }

  get started(): boolean {
    return this.startedAt !== undefined;
  }
}
