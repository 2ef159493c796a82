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
  /** How long the load that produced it took (δ, ms); what `refreshAhead: 'xfetch'` scales by. */
  delta?: number;
}

/**
 * Stretches a TTL by a random fraction in `[0, jitter)` so keys written in the same second do
 * not all expire in the same second (the avalanche).
 */
export function jitteredTtl(ttl: number, jitter: number, random: () => number = Math.random) {
  return Math.round(ttl * (1 + jitter * random()));
}

/**
 * Builds an entry for a freshly loaded value; `null` gets `nullTtl` and no grace. `delta` is
 * the load's duration, kept only when known.
 */
export function createEntry<T>(
  value: T | null,
  opts: ResolvedEntryOptions,
  now = Date.now(),
  random: () => number = Math.random,
  delta?: number,
): CacheEntry<T> {
  const isNull = value === null;
  const ttl = jitteredTtl(isNull ? opts.nullTtl : opts.ttl, opts.jitter, random);
  const expiresAt = now + ttl;
  const staleUntil = expiresAt + (isNull ? 0 : opts.staleTtl);
  return delta === undefined
    ? { value, createdAt: now, expiresAt, staleUntil }
    : { value, createdAt: now, expiresAt, staleUntil, delta };
}

/** Still within its logical TTL. */
export const isFresh = (e: CacheEntry, now = Date.now()) => now < e.expiresAt;

/** Past its TTL but inside the grace window, so it may be served when the loader fails. */
export const isGraced = (e: CacheEntry, now = Date.now()) =>
  now >= e.expiresAt && now < e.staleUntil && e.value !== null;

/**
 * Whether this read should start a background reload: past the fixed fraction of the entry's
 * life, or by the XFetch draw. XFetch needs the entry's δ; without one (an entry written by an
 * older version) it never fires early and the key just expires.
 */
export function needsRefresh(
  e: CacheEntry,
  refreshAhead: number | 'xfetch',
  now = Date.now(),
  beta = 1,
  random: () => number = Math.random,
) {
  if (refreshAhead === 0 || e.value === null || !isFresh(e, now)) return false;
  if (refreshAhead === 'xfetch') {
    // -ln(rand) is exponential with mean 1: reads close to expiry almost always fire, reads a
    // few δ away almost never. 1 - random() keeps ln() off 0.
    return e.delta !== undefined && now - e.delta * beta * Math.log(1 - random()) >= e.expiresAt;
  }
  if (refreshAhead <= 0) return false;
  return now >= e.createdAt + (e.expiresAt - e.createdAt) * refreshAhead;
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
