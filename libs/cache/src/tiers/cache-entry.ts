import type { ResolvedEntryOptions } from '../cache-options';

/**
 * What both tiers store. Times are absolute epoch milliseconds so any instance can judge
 * freshness without trusting its own TTL bookkeeping; `value: null` is a cached "not found".
 */
export interface CacheEntry<T = unknown> {
  value: T | null;
  createdAt: number;
  /** Logical expiry: after it the entry is only good as a grace (stale) fallback. */
  expiresAt: number;
  /** Physical expiry: the end of the grace window. */
  staleUntil: number;
}

/**
 * Stretches a TTL by a random fraction in `[0, jitter)` so keys written in the same second do
 * not all expire in the same second (the avalanche).
 */
export function jitteredTtl(ttl: number, jitter: number, random: () => number = Math.random) {
  return Math.round(ttl * (1 + jitter * random()));
}

/** Builds an entry for a freshly loaded value; `null` gets `nullTtl` and no grace. */
export function createEntry<T>(
  value: T | null,
  opts: ResolvedEntryOptions,
  now = Date.now(),
  random: () => number = Math.random,
): CacheEntry<T> {
  const isNull = value === null;
  const ttl = jitteredTtl(isNull ? opts.nullTtl : opts.ttl, opts.jitter, random);
  const expiresAt = now + ttl;
  return { value, createdAt: now, expiresAt, staleUntil: expiresAt + (isNull ? 0 : opts.staleTtl) };
}

/** Still within its logical TTL. */
export const isFresh = (e: CacheEntry, now = Date.now()) => now < e.expiresAt;

/** Past its TTL but inside the grace window, so it may be served when the loader fails. */
export const isGraced = (e: CacheEntry, now = Date.now()) =>
  now >= e.expiresAt && now < e.staleUntil && e.value !== null;

/** The first read after `refreshAhead` of the entry's life should trigger a background reload. */
export function needsRefresh(e: CacheEntry, refreshAhead: number, now = Date.now()) {
  if (refreshAhead <= 0 || e.value === null) return false;
  return now >= e.createdAt + (e.expiresAt - e.createdAt) * refreshAhead && isFresh(e, now);
}

/** Milliseconds the physical copy must live in a store; at least 1 so PX never gets 0. */
export const physicalTtl = (e: CacheEntry, now = Date.now()) => Math.max(1, e.staleUntil - now);

/** Narrows untrusted JSON from Redis to an entry; anything else counts as a miss. */
export function isCacheEntry(x: unknown): x is CacheEntry {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return (
    'value' in e &&
    typeof e.createdAt === 'number' &&
    typeof e.expiresAt === 'number' &&
    typeof e.staleUntil === 'number'
  );
}
