import { withTimeout } from '@bulwark/common';
import type { ResolvedEntryOptions } from '../cache-options';
import { LoadTimeoutError } from '../errors';
import { cacheEvents } from '../events/cache-events';
import { type CacheEntry, createEntry, isGraced } from '../tiers/cache-entry';
import type { CacheStack, EntryResult, Loader } from './cache-stack';

/**
 * Runs a loader with a time limit and, while it runs, keeps extending the lock lease so a slow
 * (but alive) loader is never overtaken by a second one. Writes the result to L2 only if the
 * key's generation is still the one read before loading: an eviction during the load wins.
 * @internal
 */
export class LoaderRunner {
  constructor(private readonly stack: CacheStack) {}

  async loadAndStore<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    stale: CacheEntry<T> | undefined,
    extendLease?: () => Promise<unknown>,
    preread?: Promise<string | undefined>,
  ): Promise<EntryResult<T>> {
    // Read before loading: an eviction after this point must win over what we are about to load.
    const generation = await (preread ?? this.readGeneration(key));
    let value: T | null;
    const started = performance.now();
    try {
      value = await this.run(key, loader, opts, extendLease);
    } catch (err) {
      return this.graceOrThrow(key, stale, err);
    }
    // δ for XFetch: what recomputing this key costs, as seen by whoever waits for it.
    const delta = Math.round(performance.now() - started);
    const entry = createEntry(value, opts, Date.now(), Math.random, delta);
    const written = generation === undefined || (await this.write(key, entry, generation));
    return { entry, state: 'miss', superseded: !written };
  }

  /** Serves the last value inside its grace window, or rethrows the loader's error. */
  graceOrThrow<T>(key: string, stale: CacheEntry<T> | undefined, err: unknown): EntryResult<T> {
    if (stale && isGraced(stale)) {
      this.stack.metrics.inc('stale_served', 'fallback');
      this.stack.emit(cacheEvents.stale(key));
      return { entry: stale, state: 'stale' };
    }
    throw err;
  }

  private async run<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    extendLease?: () => Promise<unknown>,
  ): Promise<T | null> {
    const lease = extendLease
      ? setInterval(() => void extendLease().catch(() => undefined), opts.lockTtl / 3)
      : undefined;
    lease?.unref();
    // Loop-aware like every other wait here: a load whose reply arrived while a burst held the
    // event loop past `loadTimeout` is done, not late (its waiters would all fail otherwise).
    const timeout = (): never => {
      throw new LoadTimeoutError(`Loader for "${key}" exceeded ${opts.loadTimeout} ms`, key);
    };
    try {
      const value = await withTimeout(loader(), opts.loadTimeout, timeout);
      this.stack.metrics.inc('loads', 'ok');
      this.stack.emit(cacheEvents.load(key, true));
      return value ?? null;
    } catch (err) {
      this.stack.metrics.inc('loads', err instanceof LoadTimeoutError ? 'timeout' : 'error');
      this.stack.emit(cacheEvents.load(key, false));
      throw err;
    } finally {
      if (lease) clearInterval(lease);
    }
  }

  /** `undefined` when Redis cannot be read: the value is then served but not written. */
  async readGeneration(key: string): Promise<string | undefined> {
    if (this.stack.outage.isDown) return undefined;
    try {
      return await this.stack.outage.track(() => this.stack.remote.generation(key));
    } catch {
      this.stack.metrics.inc('redis_errors');
      return undefined;
    }
  }

  /** False only when the generation moved (an eviction won); a Redis error still counts as written. */
  private async write(key: string, entry: CacheEntry, generation: string): Promise<boolean> {
    try {
      const written = await this.stack.outage.track(() =>
        this.stack.remote.setIfGeneration(key, entry, generation),
      );
      if (!written) this.stack.metrics.inc('stale_writes_prevented');
      return written;
    } catch {
      this.stack.metrics.inc('redis_errors');
      return true;
    }
  }
}
