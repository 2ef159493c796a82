import type { CacheBus } from '../bus/invalidation.bus';
import type { ResolvedCacheModuleOptions } from '../cache-options';
import type { CacheEvent } from '../events/cache-events';
import type { LoadLock } from '../locks/lock';
import type { SingleFlight } from '../locks/single-flight';
import type { CacheMetrics } from '../metrics/cache-metrics';
import type { PendingEvictions } from '../pending-evictions';
import type { OutageTracker } from '../redis/outage';
import type { CacheEntry } from '../tiers/cache-entry';
import type { LocalTier } from '../tiers/local.tier';
import type { RemoteTier } from '../tiers/remote.tier';

/** Everything a read path needs, assembled once by `CacheService`. @internal */
export interface CacheStack {
  readonly options: ResolvedCacheModuleOptions;
  readonly local?: LocalTier;
  readonly remote: RemoteTier;
  readonly lock: LoadLock;
  readonly bus: CacheBus;
  readonly flights: SingleFlight;
  readonly outage: OutageTracker;
  /** Evictions Redis has not seen yet: their keys are not read from L2 here meanwhile. */
  readonly pending: PendingEvictions;
  readonly metrics: CacheMetrics;
  emit(event: CacheEvent): void;
}

/** Where a value came from: a tier, a fresh load, the grace window, or a Bloom rejection. */
export type CacheState = 'l1' | 'l2' | 'miss' | 'stale' | 'rejected';

/** A value plus how it was obtained (the interceptor turns `state` into `x-cache`). */
export interface CacheResult<T> {
  value: T | null;
  state: CacheState;
}

/** Internal form of a result, still carrying the entry so tiers can be filled. @internal */
export interface EntryResult<T> {
  entry: CacheEntry<T>;
  state: CacheState;
  /** Set when an eviction overtook this load: the value is served once but cached nowhere. */
  superseded?: boolean;
}

/** A loader: `null`/`undefined` means "not found" and is cached for `nullTtl`. */
export type Loader<T> = () => Promise<T | null | undefined>;
