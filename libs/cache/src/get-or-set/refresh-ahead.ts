import type { ResolvedEntryOptions } from '../cache-options';
import { cacheEvents } from '../events/cache-events';
import { type CacheEntry, needsRefresh } from '../tiers/cache-entry';
import type { CacheStack, Loader } from './cache-stack';
import type { RemoteFlow } from './remote-flow';
import { XFetchDraws } from './xfetch-draws';

/**
 * Refresh-ahead: the first read after `refreshAhead` of an entry's life starts one background
 * reload while every reader keeps getting the current value, so a hot key never goes cold.
 * "One" holds fleet-wide: the reload needs the key's lock, and an instance whose L1 copy is old
 * but whose L2 copy was already refreshed by someone else just adopts the L2 copy.
 * @internal
 */
export class RefreshAhead {
  readonly #running = new Set<string>();
  readonly #xfetch = new XFetchDraws();

  constructor(
    private readonly stack: CacheStack,
    private readonly flow: RemoteFlow,
  ) {}

  /** Starts a background reload if `entry` is due and none is running here; never throws. */
  maybeRefresh<T>(
    key: string,
    entry: CacheEntry<T>,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
  ): void {
    if (this.#running.has(key)) return;
    const due =
      opts.refreshAhead === 'xfetch'
        ? this.#xfetch.due(key, entry, opts.refreshBeta)
        : needsRefresh(entry, opts.refreshAhead);
    if (!due) return;
    this.#running.add(key);
    // Detached: the reload outlives the read that triggered it, so that read's deadline is no
    // bound for it (it would only fail it and leave the key to expire).
    void this.stack.options.deadlines
      .detached(() => this.refresh(key, entry, loader, opts))
      .finally(() => this.#running.delete(key));
  }

  private async refresh<T>(
    key: string,
    current: CacheEntry<T>,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
  ): Promise<void> {
    try {
      const l2 = await this.flow.readL2<T>(key);
      const due = l2 && needsRefresh(l2, opts.refreshAhead, Date.now(), opts.refreshBeta);
      if (l2 && l2.createdAt > current.createdAt && !due) {
        this.stack.local?.set(key, l2, opts.l1Ttl);
        return;
      }
      const token = await this.flow.tryLock(key, opts);
      if (token === null) return; // another instance is already reloading it
      this.stack.metrics.inc('refresh_ahead');
      const extend = token ? () => this.stack.lock.extend(key, token, opts.lockTtl) : undefined;
      const result = await this.flow.runner
        .loadAndStore(key, loader, opts, undefined, extend)
        .finally(() => token && this.stack.lock.release(key, token).catch(() => undefined));
      if (!result.superseded) this.stack.local?.set(key, result.entry, opts.l1Ttl);
      this.stack.emit(cacheEvents.refreshed(key, true));
    } catch {
      this.stack.emit(cacheEvents.refreshed(key, false));
    }
  }
}
