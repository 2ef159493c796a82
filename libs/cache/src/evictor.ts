import { cacheEvents } from './events/cache-events';
import type { CacheStack } from './get-or-set/cache-stack';

/** While evictions are pending and no `ready` event comes (Redis was slow, not gone), retry. */
const REPLAY_RETRY_MS = 1_000;
/** Replayed evictions in flight at once: a long backlog drains without flooding the connection. */
const REPLAY_BATCH = 64;

/**
 * Write-side consistency. The generation bump (inside the EVICT script) is what stops a loader
 * that read the old row from writing it back; the delayed second delete also covers writers
 * that do not go through the generation check (`CacheService.set`, other services).
 *
 * Durable across a Redis outage: each eviction is tried within the command budget even while
 * Redis is known to be down (it may be back already); one that fails is kept in
 * `stack.pending` (this instance then reads that key past L2, from the loader) and replayed
 * when the connection is `ready` again, or by the retry timer, announcing it on the bus so
 * other instances drop their L1 copies. The database already committed: the write's answer
 * never waits for Redis beyond that one budget.
 * @internal
 */
export class Evictor {
  readonly #timers = new Set<NodeJS.Timeout>();
  #replaying = false;
  #retry?: NodeJS.Timeout;

  constructor(
    private readonly stack: CacheStack,
    private readonly doubleDeleteDelay: number,
  ) {}

  async evict(key: string): Promise<void> {
    this.stack.local?.delete(key);
    await this.evictRemote(key);
    this.stack.metrics.inc('evictions');
    this.stack.emit(cacheEvents.evict(key));
    if (this.doubleDeleteDelay > 0) this.schedule(key);
  }

  /** Replays the kept evictions, oldest first; stops at the first that fails (Redis down again). */
  async replay(): Promise<void> {
    if (this.#replaying || this.stack.pending.size === 0) return;
    this.#replaying = true;
    try {
      const todo = this.stack.pending.snapshot();
      for (let i = 0; i < todo.length; i += REPLAY_BATCH) {
        const batch = todo.slice(i, i + REPLAY_BATCH);
        const done = await Promise.all(batch.map(([key, seq]) => this.replayOne(key, seq)));
        if (done.includes(false)) break;
      }
    } finally {
      this.#replaying = false;
      this.retryLater();
    }
  }

  /** Drops pending second deletes and the replay timer (module shutdown). */
  cancelPending(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  private async replayOne(key: string, seq: number): Promise<boolean> {
    if (!(await this.attempt(() => this.stack.remote.evict(key)))) return false;
    this.stack.pending.settle(key, seq);
    // L1 may hold a copy loaded from the old L2 value while the eviction waited.
    this.stack.local?.delete(key);
    await this.attempt(() => this.stack.bus.publishInvalidation(key));
    this.stack.metrics.inc('evictions_replayed');
    this.stack.emit(cacheEvents.evictReplayed(key));
    if (this.doubleDeleteDelay > 0) this.schedule(key);
    return true;
  }

  /** EVICT + broadcast; an EVICT that fails is kept for replay. */
  private async evictRemote(key: string): Promise<void> {
    if (await this.attempt(() => this.stack.remote.evict(key))) {
      this.stack.pending.delete(key);
    } else {
      this.keep(key);
    }
    // Best effort: when this fails, the replay broadcasts again.
    await this.attempt(() => this.stack.bus.publishInvalidation(key));
  }

  private keep(key: string): void {
    this.stack.metrics.inc('evictions_deferred');
    const dropped = this.stack.pending.add(key);
    if (dropped !== undefined) this.stack.metrics.inc('evictions_dropped');
    this.retryLater();
  }

  private retryLater(): void {
    if (this.#retry || this.stack.pending.size === 0) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.replay();
    }, REPLAY_RETRY_MS);
    this.#retry.unref();
  }

  private schedule(key: string): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.secondDelete(key);
    }, this.doubleDeleteDelay);
    timer.unref();
    this.#timers.add(timer);
  }

  private async secondDelete(key: string): Promise<void> {
    this.stack.local?.delete(key);
    if (!(await this.attempt(() => this.stack.remote.delete(key)))) this.keep(key);
    await this.attempt(() => this.stack.bus.publishInvalidation(key));
    this.stack.emit(cacheEvents.doubleDelete(key));
  }

  /** One call within the command budget, tried even while Redis is flagged down. */
  private async attempt(fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await this.stack.outage.track(fn);
      return true;
    } catch {
      this.stack.metrics.inc('redis_errors');
      return false;
    }
  }
}
