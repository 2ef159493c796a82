import { CacheableOptions } from '@bulwark/cache';

/** The Bloom filter that knows every product id; unknown ids get a 404 without Redis or Postgres. */
export const PRODUCTS_BLOOM = 'products';
/**
 * Keys come from the service method's first argument, not the route: Nest runs interceptors before
 * pipes, so a route-level key would see the raw `abc` before IdPipe could answer 400.
 */
export const PRODUCT_KEY = 'product:{0}';

/** The concrete key of one product, for callers that evict by id (admin purge). */
export const productKey = (id: number): string => `product:${id}`;

/**
 * Product reads: a short L1 (each instance may lag an eviction by at most the bus delay, bounded by
 * this), a minute in Redis with jitter, refresh-ahead so hot keys never expire under load, and a
 * five-minute grace window so a Postgres outage still serves what was cached, and so a hot key
 * past its TTL answers at once from grace while one load runs (stale-while-revalidate, on by
 * default with `staleTtl`). Refresh-ahead is XFetch, not the fixed 0.8: at these TTLs
 * `bench:refresh` shows it reloading a hot key every ~58-60 s instead of every ~48 s, with no
 * more reads waiting, for 50 ms and 500 ms loads alike (libs/cache/README.md, Refresh-ahead).
 */
export const PRODUCT_CACHE: CacheableOptions = {
  key: PRODUCT_KEY,
  bloom: PRODUCTS_BLOOM,
  bloomMember: '{0}',
  ttl: '60s',
  l1Ttl: '2s',
  jitter: 0.1,
  nullTtl: '30s',
  staleTtl: '5m',
  refreshAhead: 'xfetch',
  lockTtl: '5s',
  waitTimeout: '3s',
  // Backstop only: the postgres policy (250 ms) ends a slow load long before.
  loadTimeout: '1s',
};
