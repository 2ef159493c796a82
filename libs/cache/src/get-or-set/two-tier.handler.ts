import type { CallerDeadline } from '../caller-deadline';
import type { ResolvedEntryOptions } from '../cache-options';
import { cacheEvents } from '../events/cache-events';
import { type CacheEntry, isFresh, isGraced } from '../tiers/cache-entry';
import type { LocalTier } from '../tiers/local.tier';
import type { CacheStack, EntryResult, Loader } from './cache-stack';
import type { CallerWait } from './caller-wait';
import type { L1Renewal } from './l1-renewal';
import type { RefreshAhead } from './refresh-ahead';
import type { RemoteFlow } from './remote-flow';

/**
 * L1 → (single-flight) → L2/lock/load → fill L1. A graced L1 copy travels down as the stale
 * fallback in case L2 lost it too.
 * @internal
 */
export class TwoTierHandler {
  constructor(
    private readonly stack: CacheStack,
    private readonly local: LocalTier,
    private readonly flow: RemoteFlow,
    private readonly refresher: RefreshAhead,
    private readonly wait: CallerWait,
    private readonly renewal: L1Renewal,
  ) {}

  /**
   * L1 lookup only; `undefined` unless a fresh entry is present, or a graced one while this
   * process revalidates the key and stale-while-revalidate answers at once (a hot expired key
   * then costs its readers no flight and no L2 round trip, whatever their deadline).
   */
  fromL1<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
  ): EntryResult<T> | undefined {
    const entry = this.local.get<T>(key);
    if (!entry || !isFresh(entry)) {
      if (
        entry &&
        opts.staleWhileRevalidate === 0 &&
        this.flow.isRevalidating(key) &&
        isGraced(entry)
      ) {
        return this.flow.servedStale(key, entry);
      }
      this.stack.metrics.inc('misses', 'l1');
      return undefined;
    }
    this.stack.metrics.inc('hits', 'l1');
    this.stack.emit(cacheEvents.hit(key, 'l1'));
    this.refresher.maybeRefresh(key, entry, loader, opts);
    this.renewal.maybeRenew(key, entry, opts.l1Ttl);
    return { entry, state: 'l1' };
  }

  /**
   * Not `async`: a follower without a deadline gets the flight's own promise, one hop less for
   * each of them. The graced L1 copy is also what this caller gets if its deadline ends its wait.
   */
  handle<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    deadline: CallerDeadline | undefined,
  ): Promise<EntryResult<T>> {
    const localStale = this.local.get<T>(key);
    // A flight may have filled L1 while this caller awaited the Bloom check: no second flight.
    if (localStale && isFresh(localStale))
      return Promise.resolve({ entry: localStale, state: 'l1' });
    const load = () => this.resolveAndFill(key, loader, opts, localStale);
    return this.wait.join(key, deadline, load, localStale);
  }

  /** Runs once per flight: L1 is filled by the leader, not by each of its followers. */
  private async resolveAndFill<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    localStale: CacheEntry<T> | undefined,
  ): Promise<EntryResult<T>> {
    const result = await this.flow.resolve(key, loader, opts, localStale);
    if (result.state === 'l2') this.refresher.maybeRefresh(key, result.entry, loader, opts);
    if (result.state !== 'stale' && !result.superseded) {
      this.local.set(key, result.entry, opts.l1Ttl);
    }
    return result;
  }
}
