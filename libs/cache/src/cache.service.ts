import { EventEmitter } from 'node:events';
import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { BloomRegistry } from './bloom/bloom-registry';
import type { BloomFilter } from './bloom/bloom-filter';
import { createCacheBackend, usesCluster, type CacheBackend } from './cache-backend';
import { MODULE_OPTIONS_TOKEN } from './cache.module-definition';
import {
  type CacheEntryOptions,
  type CacheModuleOptions,
  resolveCacheModuleOptions,
  resolveEntryOptions,
  type ResolvedCacheModuleOptions,
  type ResolvedEntryOptions,
} from './cache-options';
import {
  type CacheEvent,
  type CacheEventData,
  type CacheEventName,
  cacheEvents,
} from './events/cache-events';
import type { CallerDeadline } from './caller-deadline';
import type { CacheResult, CacheStack, EntryResult, Loader } from './get-or-set/cache-stack';
import { hasPassed } from './get-or-set/caller-wait';
import { GetOrSetDispatcher } from './get-or-set/get-or-set.dispatcher';
import { KeySpace } from './keys/key-space';
import { SingleFlight } from './locks/single-flight';
import { CacheMetrics } from './metrics/cache-metrics';
import { OutageTracker } from './redis/outage';
import { createEntry, isFresh } from './tiers/cache-entry';
import { LocalTier } from './tiers/local.tier';
import { CacheTracer } from './tracing/cache-tracer';
import { Evictor } from './evictor';
import { PendingEvictions } from './pending-evictions';

/** Per-call options: entry options plus the member to test against `bloom` (default: the key). */
export interface CacheCallOptions extends CacheEntryOptions {
  /** What the Bloom filter is asked about, e.g. the product id when the key is `product:42`. */
  bloomMember?: string;
}

/**
 * The cache API: `getOrSet` for reads (L1 → Bloom → L2 → single-flight → fleet lock → loader),
 * `evict` for writes. One instance per `CacheModule`; constructible directly for scripts/tests.
 *
 * @publicApi
 * @example
 * const product = await cache.getOrSet(`product:${id}`, () => repo.findOneBy({ id }), {
 *   ttl: '5m', bloom: 'products', bloomMember: String(id),
 * });
 */
@Injectable()
export class CacheService implements OnModuleInit, OnModuleDestroy {
  /** Resolved module options. */
  readonly options: ResolvedCacheModuleOptions;
  /** Counters of this instance (also exported to prom-client). */
  readonly metrics: CacheMetrics;
  readonly #logger = new Logger('CacheModule');
  readonly #events = new EventEmitter().setMaxListeners(0);
  readonly #keys: KeySpace;
  readonly #outage: OutageTracker;
  readonly #backend: CacheBackend;
  readonly #local?: LocalTier;
  readonly #dispatcher: GetOrSetDispatcher;
  readonly #blooms: BloomRegistry;
  readonly #evictor: Evictor;
  readonly #resolved = new WeakMap<object, ResolvedEntryOptions>();
  readonly #defaults: ResolvedEntryOptions;
  readonly #tracer: CacheTracer;

  constructor(@Inject(MODULE_OPTIONS_TOKEN) raw: CacheModuleOptions) {
    this.options = resolveCacheModuleOptions(raw);
    this.#defaults = resolveEntryOptions({}, this.options.defaults);
    this.metrics = new CacheMetrics(this.options.namespace, this.options.registry);
    this.#tracer = new CacheTracer(this.options.namespace);
    this.#keys = new KeySpace(this.options.app, this.options.namespace, usesCluster(this.options));
    this.#outage = new OutageTracker(
      this.#logger,
      (down) => this.emit(cacheEvents.backend(down)),
      this.options.commandTimeout,
    );
    this.#backend = createCacheBackend(this.options, this.#keys, this.#outage, this.#logger);
    const l1 = this.options.l1;
    if (l1) this.#local = new LocalTier(l1.maxEntries, l1.maxBytes);
    const stack: CacheStack = {
      options: this.options,
      local: this.#local,
      remote: this.#backend.remote,
      lock: this.#backend.lock,
      bus: this.#backend.bus,
      flights: new SingleFlight(),
      outage: this.#outage,
      pending: new PendingEvictions(this.options.maxPendingEvictions),
      metrics: this.metrics,
      emit: (e) => this.emit(e),
    };
    this.#dispatcher = new GetOrSetDispatcher(stack);
    this.#blooms = new BloomRegistry(
      this.options,
      this.#backend.bits,
      this.#keys,
      this.#outage,
      this.#logger,
    );
    this.#evictor = new Evictor(stack, this.options.doubleDeleteDelay);
    this.#backend.onReady(() => void this.#evictor.replay());
  }

  /** `'redis'` or `'memory'` (the embedded default without Redis). */
  get backend(): 'redis' | 'memory' {
    return this.#backend.kind;
  }

  /** True while Redis calls fail and reads are served from L1 + loader. */
  get degraded(): boolean {
    return this.#outage.isDown;
  }

  async onModuleInit(): Promise<void> {
    if (!(await this.#backend.ready(1_000))) this.#outage.fail(new Error('not ready within 1s'));
    await this.#backend.bus.start((key) => this.onRemoteInvalidation(key));
    await this.#blooms.buildOnStart(this.#logger);
  }

  async onModuleDestroy(): Promise<void> {
    this.#evictor.cancelPending();
    await this.#backend.close();
  }

  /** Value for `key` (`null` = not found), loading it at most once across the fleet. */
  getOrSet<T>(key: string, loader: Loader<T>, options?: CacheCallOptions): Promise<T | null> {
    return this.getOrSetWithState(key, loader, options).then(valueOf);
  }

  /** Like `getOrSet`, also telling where the value came from (`stale` = served in grace). */
  getOrSetWithState<T>(
    key: string,
    loader: Loader<T>,
    options?: CacheCallOptions,
  ): Promise<CacheResult<T>> {
    return this.getOrSetFor(key, loader, options, options?.bloomMember);
  }

  /**
   * `getOrSetWithState` for callers with one constant options object (the decorators, a
   * service's module-level options): its resolution is cached per object; the per-call Bloom
   * member travels beside it (copying it into a fresh options object per call re-parsed every
   * duration on every read).
   */
  getOrSetFor<T>(
    key: string,
    loader: Loader<T>,
    options: CacheEntryOptions | undefined,
    bloomMember: string | undefined,
  ): Promise<CacheResult<T>> {
    // Not async: with tracing off this adds one call and no extra promise to the read.
    return this.#tracer.enabled
      ? this.#tracer.read(key, () => this.read(key, loader, options, bloomMember))
      : this.read(key, loader, options, bloomMember);
  }

  /**
   * Not `async`, and without a Bloom filter no `await` either: when a hot key's load finishes,
   * every waiting caller resolves through as few promise hops as possible (1,000 of them, each
   * hop a microtask, show up in the waiters' latency).
   */
  private read<T>(
    key: string,
    loader: Loader<T>,
    options: CacheEntryOptions | undefined,
    bloomMember: string | undefined,
  ): Promise<CacheResult<T>> {
    try {
      const opts = this.resolve(options);
      const l1 = this.#dispatcher.fromL1(key, loader, opts);
      if (l1) return Promise.resolve({ value: l1.entry.value, state: l1.state });
      // Past L1 every step may wait (Bloom bits and values in Redis, a lock, a load): from here
      // the caller's deadline counts. One whose deadline has passed skips the Bloom round trip.
      const deadline = this.options.deadlines.current();
      if (opts.bloom && !hasPassed(deadline)) {
        return this.readPastBloom(key, loader, opts, opts.bloom, bloomMember, deadline);
      }
      return this.#dispatcher.handle(key, loader, opts, deadline).then(toResult);
    } catch (err) {
      // Bad options throw while resolving: callers get a rejection, as from any read.
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private async readPastBloom<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    bloom: string,
    bloomMember: string | undefined,
    deadline: CallerDeadline | undefined,
  ): Promise<CacheResult<T>> {
    if (!(await this.#blooms.get(bloom, key).mightContain(bloomMember ?? key))) {
      this.metrics.inc('bloom_rejects', bloom);
      this.emit(cacheEvents.bloomReject(key, bloom));
      return { value: null, state: 'rejected' };
    }
    return toResult(await this.#dispatcher.handle(key, loader, opts, deadline));
  }

  /** Cached value (fresh only) without loading; `undefined` on a miss. */
  async get<T>(key: string): Promise<T | null | undefined> {
    const l1 = this.#local?.get<T>(key);
    if (l1 && isFresh(l1)) return l1.value;
    const l2 = await this.#dispatcher.flow.readL2<T>(key);
    return l2 && isFresh(l2) ? l2.value : undefined;
  }

  /**
   * Unconditional write to L2 (and this instance's L1); other instances drop their L1 copy and
   * read the new value from L2 next time. Prefer `evict` after a DB write: it is race-safe.
   */
  async set<T>(key: string, value: T | null, options?: CacheEntryOptions): Promise<void> {
    const opts = this.resolve(options);
    const entry = createEntry(value, opts);
    await this.#backend.remote.set(key, entry);
    this.#local?.set(key, entry, opts.l1Ttl);
    // Without this, an instance holding the old value in L1 kept serving it until its l1Ttl.
    await this.#backend.bus.publishInvalidation(key);
  }

  /**
   * Call after the transaction that changed the data has committed: deletes L2, tells every
   * instance to drop L1, bumps the key's generation so in-flight loads of the old row cannot
   * write it back, and deletes once more after `doubleDeleteDelay`.
   */
  async evict(...keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => this.#evictor.evict(k)));
  }

  /** A Bloom filter declared in `bloomFilters`. */
  bloom(name: string): BloomFilter {
    return this.#blooms.get(name);
  }

  /** Round trip to the backend for health checks; never throws. */
  ping(timeoutMs = 1_000): Promise<boolean> {
    return this.#backend.ping(timeoutMs);
  }

  /** Subscribes to a cache event; returns the unsubscribe function. */
  on<N extends CacheEventName>(name: N, listener: (data: CacheEventData<N>) => void): () => void {
    this.#events.on(name, listener);
    return () => this.#events.off(name, listener);
  }

  private emit(event: CacheEvent): void {
    if (this.#events.listenerCount(event.name) > 0) this.#events.emit(event.name, event.data);
  }

  private onRemoteInvalidation(key: string): void {
    this.#local?.delete(key);
    this.metrics.inc('invalidations_received');
    this.emit(cacheEvents.invalidated(key));
  }

  private resolve(options?: CacheEntryOptions): ResolvedEntryOptions {
    if (!options) return this.#defaults;
    let r = this.#resolved.get(options);
    if (!r) this.#resolved.set(options, (r = resolveEntryOptions(options, this.options.defaults)));
    return r;
  }
}

function toResult<T>(result: EntryResult<T>): CacheResult<T> {
  return { value: result.entry.value, state: result.state };
}

function valueOf<T>(result: CacheResult<T>): T | null {
  return result.value;
}
