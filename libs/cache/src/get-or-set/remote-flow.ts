import type { ResolvedEntryOptions } from '../cache-options';
import { cacheEvents } from '../events/cache-events';
import { type CacheEntry, isFresh, isGraced } from '../tiers/cache-entry';
import type { CacheStack, EntryResult, Loader } from './cache-stack';
import { traceLockWait } from '../tracing/cache-tracer';
import { LoaderRunner } from './loader-runner';
import { Signal } from './signal';

/** Reads issued right after the lock command, answered after it (see `resolve`). */
interface ReadsAfterLock<T> {
  readonly generation: Promise<string | undefined>;
  readonly value: Promise<CacheEntry<T> | undefined>;
}

/**
 * The anti-breakdown core: L2, then the fleet-wide lock, then either load (lock owner) or wait
 * to be woken by the owner's "filled" message (everyone else).
 *
 * Hand-written on purpose: no library does fleet-wide coalescing with a pub/sub wake-up.
 * bentocache coalesces per process only (measured: 4 loads for one key over 4 processes) and
 * `@nestjs/cache-manager` not at all (1000 loads for 1000 requests). Callers reach this under
 * the in-process single-flight, so there is one lock attempt per key per process.
 * @internal
 */
export class RemoteFlow {
  readonly #runner: LoaderRunner;
  /** Background loads started for readers that were answered from grace, one per key here. */
  readonly #revalidating = new Map<string, Promise<EntryResult<unknown> | undefined>>();

  constructor(private readonly stack: CacheStack) {
    this.#runner = new LoaderRunner(stack);
  }

  get runner(): LoaderRunner {
    return this.#runner;
  }

  async resolve<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    localStale?: CacheEntry<T>,
  ): Promise<EntryResult<T>> {
    const cached = await this.readL2<T>(key);
    if (cached && isFresh(cached)) return this.l2Hit(key, cached);
    this.stack.metrics.inc('misses', 'l2');
    this.stack.emit(cacheEvents.miss(key));
    const stale = cached ?? localStale;
    if (stale && opts.staleWhileRevalidate !== undefined && isGraced(stale)) {
      return this.serveWhileRevalidating(key, loader, opts, stale, opts.staleWhileRevalidate);
    }
    const lock = this.tryLock(key, opts);
    // Sent right behind the lock command on the same connection (ioredis writes each command as
    // it is called), so Redis answers them after the lock: what the owner must re-read once it
    // holds the lock arrives with it instead of costing a round trip of its own. A waiter drops
    // them (neither rejects); there is one lock attempt per key per process, so that is cheap.
    const after = { generation: this.#runner.readGeneration(key), value: this.readL2<T>(key) };
    const token = await lock;
    if (token === undefined) return this.#runner.loadAndStore(key, loader, opts, stale);
    if (token) return this.loadAsOwner(key, token, loader, opts, stale, after);
    return traceLockWait(key, () => this.waitForFill(key, loader, opts, stale));
  }

  /**
   * Stale-while-revalidate (memcache's "hot miss", bentocache's soft timeout): a reader holding
   * a graced copy is answered with it after at most `softTimeout` instead of waiting for the
   * load. The load still happens once: one background revalidation per key in this process,
   * and it only loads if it wins the fleet lock; otherwise it waits for the owner's "filled".
   * Meanwhile the graced copy sits in L1, so the next readers here get it without a flight or
   * an L2 round trip, whatever their deadline (see `TwoTierHandler.fromL1`).
   */
  private serveWhileRevalidating<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    stale: CacheEntry<T>,
    softTimeout: number,
  ): Promise<EntryResult<T>> {
    let running = this.#revalidating.get(key) as Promise<EntryResult<T> | undefined> | undefined;
    if (!running) {
      this.stack.local?.set(key, stale, opts.l1Ttl);
      // Detached: the load outlives the read that started it (like refresh-ahead).
      running = this.stack.options.deadlines.detached(() =>
        this.revalidate(key, loader, opts, stale),
      );
      this.#revalidating.set(key, running);
      void running.finally(() => this.#revalidating.delete(key));
    }
    if (softTimeout <= 0) return Promise.resolve(this.servedStale(key, stale));
    return new Promise<EntryResult<T>>((resolve) => {
      const timer = setTimeout(() => resolve(this.servedStale(key, stale)), softTimeout);
      void running.then((result) => {
        clearTimeout(timer);
        resolve(result ?? this.servedStale(key, stale));
      });
    });
  }

  /** Whether a background revalidation of `key` runs in this process. */
  isRevalidating(key: string): boolean {
    return this.#revalidating.has(key);
  }

  /** A reader answered from grace while the key revalidates (here, or from L1). */
  servedStale<T>(key: string, stale: CacheEntry<T>): EntryResult<T> {
    this.stack.metrics.inc('stale_served', 'revalidating');
    this.stack.emit(cacheEvents.stale(key));
    return { entry: stale, state: 'stale' };
  }

  /** Never rejects: a failed revalidation leaves the graced copy to be served until `staleTtl`. */
  private async revalidate<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    stale: CacheEntry<T>,
  ): Promise<EntryResult<T> | undefined> {
    try {
      const lock = this.tryLock(key, opts);
      const after = { generation: this.#runner.readGeneration(key), value: this.readL2<T>(key) };
      const token = await lock;
      let result: EntryResult<T> | undefined;
      if (token === null) {
        // Another instance holds the lock and is loading: its write reaches L2.
        result = await this.filledWithin<T>(key, opts.waitTimeout);
      } else if (token) {
        result = await this.loadAsOwner(key, token, loader, opts, stale, after);
      } else {
        result = await this.#runner.loadAndStore(key, loader, opts, stale);
      }
      if (!result || result.state === 'stale') return undefined;
      if (!result.superseded) this.stack.local?.set(key, result.entry, opts.l1Ttl);
      return result;
    } catch {
      return undefined;
    }
  }

  /** The fresh L2 value once another instance's load fills it, if that is within `ms`. */
  private async filledWithin<T>(key: string, ms: number): Promise<EntryResult<T> | undefined> {
    const signal = new Signal();
    const unsubscribe = await this.stack.bus
      .onFilled(key, () => signal.notify())
      .catch(() => () => undefined);
    try {
      // The fill may have landed between the lock attempt and the subscription.
      let entry = await this.readL2<T>(key);
      if (!(entry && isFresh(entry)) && (await signal.wait(ms))) entry = await this.readL2<T>(key);
      return entry && isFresh(entry) ? this.l2Hit(key, entry) : undefined;
    } finally {
      unsubscribe();
    }
  }

  /** L2 read; `undefined` both for a miss and for an unreachable Redis (logged once). */
  async readL2<T>(key: string): Promise<CacheEntry<T> | undefined> {
    // L2 still holds what this instance's own write replaced until the eviction is replayed.
    if (this.stack.pending.has(key)) return undefined;
    if (this.stack.outage.isDown && this.stack.remote.kind === 'redis') {
      // Probe occasionally instead of on every request: ioredis reconnects in the background.
      if (!this.probeDue()) return undefined;
    }
    try {
      return (await this.stack.outage.track(() => this.stack.remote.get(key))) as CacheEntry<T>;
    } catch {
      this.stack.metrics.inc('redis_errors');
      return undefined;
    }
  }

  /** Token, `null` when another holder has it, `undefined` when Redis is unusable. */
  async tryLock(key: string, opts: ResolvedEntryOptions): Promise<string | null | undefined> {
    if (this.stack.outage.isDown) return undefined;
    try {
      return await this.stack.outage.track(() => this.stack.lock.tryAcquire(key, opts.lockTtl));
    } catch {
      this.stack.metrics.inc('redis_errors');
      return undefined;
    }
  }

  async loadAsOwner<T>(
    key: string,
    token: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    stale: CacheEntry<T> | undefined,
    afterLock?: ReadsAfterLock<T>,
  ): Promise<EntryResult<T>> {
    try {
      // Someone may have filled the key between our L2 miss and our lock. The generation is
      // read in the same round trip (both commands leave in one write on the connection).
      const generation = afterLock?.generation ?? this.#runner.readGeneration(key);
      const again = await (afterLock?.value ?? this.readL2<T>(key));
      if (again && isFresh(again)) return this.l2Hit(key, again);
      const extend = () => this.stack.lock.extend(key, token, opts.lockTtl);
      const prior = again ?? stale;
      return await this.#runner.loadAndStore(key, loader, opts, prior, extend, generation);
    } finally {
      this.stack.lock.release(key, token).catch(() => undefined);
    }
  }

  /**
   * Waits for the owner's "filled" message. Each round re-reads L2 and retries the lock, so a
   * crashed owner costs one lease: the first waiter to find the lock free loads. The timer is
   * only a safety net (counted as `lock_polls`); the normal wake-up is the message.
   *
   * This waits for the process's flight, which is detached from every caller's deadline (see
   * `CallerWait`): the requests behind it each stop waiting at their own deadline, while this
   * wait goes on to `waitTimeout` for the ones still there and for those that join later.
   */
  private async waitForFill<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    stale: CacheEntry<T> | undefined,
  ): Promise<EntryResult<T>> {
    this.stack.metrics.inc('lock_waits');
    const signal = new Signal();
    const unsubscribe = await this.stack.bus
      .onFilled(key, () => signal.notify())
      .catch(() => () => undefined);
    const deadline = Date.now() + opts.waitTimeout;
    let interval = this.stack.options.pollInterval;
    try {
      for (;;) {
        const entry = await this.readL2<T>(key);
        if (entry && isFresh(entry)) return this.l2Hit(key, entry);
        const token = await this.tryLock(key, opts);
        if (token) return await this.loadAsOwner(key, token, loader, opts, entry ?? stale);
        if (token === undefined) return await this.#runner.loadAndStore(key, loader, opts, stale);
        const remaining = deadline - Date.now();
        if (remaining <= 0) break;
        if (!(await signal.wait(Math.min(interval, remaining)))) {
          this.stack.metrics.inc('lock_polls');
        }
        interval = Math.min(interval * 2, this.stack.options.pollMaxInterval);
      }
    } finally {
      unsubscribe();
    }
    this.stack.metrics.inc('lock_timeouts');
    this.stack.emit(cacheEvents.lockTimeout(key));
    // Waiting longer would turn a stuck owner into our outage: load ourselves (gen-guarded).
    return this.#runner.loadAndStore(key, loader, opts, stale);
  }

  private l2Hit<T>(key: string, entry: CacheEntry<T>): EntryResult<T> {
    this.stack.metrics.inc('hits', 'l2');
    this.stack.emit(cacheEvents.hit(key, 'l2'));
    return { entry, state: 'l2' };
  }

  #lastProbe = 0;
  private probeDue(): boolean {
    const now = Date.now();
    if (now - this.#lastProbe < 500) return false;
    this.#lastProbe = now;
    return true;
  }
}
