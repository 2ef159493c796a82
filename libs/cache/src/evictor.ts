import { cacheEvents } from './events/cache-events';
import type { CacheStack } from './get-or-set/cache-stack';

/**
 * Write-side consistency. The generation bump (inside the EVICT script) is what stops a loader
 * that read the old row from writing it back; the delayed second delete also covers writers
 * that do not go through the generation check (`CacheService.set`, other services). Eviction is
 * best-effort while Redis is down: the database already committed, and the outage is logged once.
 * @internal
 */
export class Evictor {
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly stack: CacheStack,
    private readonly doubleDeleteDelay: number,
  ) {}

  async evict(key: string): Promise<void> {
    this.stack.local?.delete(key);
    await this.safely(() => this.stack.remote.evict(key));
    await this.safely(() => this.stack.bus.publishInvalidation(key));
    this.stack.metrics.inc('evictions');
    this.stack.emit(cacheEvents.evict(key));
    if (this.doubleDeleteDelay > 0) this.schedule(key);
  }

  /** Drops pending second deletes (module shutdown). */
  cancelPending(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
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
    await this.safely(() => this.stack.remote.delete(key));
    await this.safely(() => this.stack.bus.publishInvalidation(key));
    this.stack.emit(cacheEvents.doubleDelete(key));
  }

  private async safely(fn: () => Promise<unknown>): Promise<void> {
    if (this.stack.outage.isDown && this.stack.remote.kind === 'redis') return;
    try {
      await this.stack.outage.track(fn);
    } catch {
      this.stack.metrics.inc('redis_errors');
    }
  }
}
