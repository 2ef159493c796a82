/** Metadata key written by `@Cacheable`. @internal */
export const CACHEABLE_METADATA = 'bulwark:cache:cacheable';
/** Metadata key written by `@CacheEvict`. @internal */
export const CACHE_EVICT_METADATA = 'bulwark:cache:evict';

/** Defaults, in milliseconds unless named otherwise. Every option in `cache-options.ts` points here. */
export const CACHE_DEFAULT_APP = 'bulwark';
export const CACHE_DEFAULT_NAMESPACE = 'cache';
export const CACHE_DEFAULT_TTL = 60_000;
export const CACHE_DEFAULT_L1_TTL = 5_000;
export const CACHE_DEFAULT_JITTER = 0.1;
export const CACHE_DEFAULT_NULL_TTL = 30_000;
export const CACHE_DEFAULT_STALE_TTL = 0;
export const CACHE_DEFAULT_LOCK_TTL = 5_000;
export const CACHE_DEFAULT_WAIT_TIMEOUT = 3_000;
export const CACHE_DEFAULT_LOAD_TIMEOUT = 10_000;
export const CACHE_DEFAULT_REFRESH_AHEAD = 0;
export const CACHE_DEFAULT_REFRESH_BETA = 1;
export const CACHE_DEFAULT_STALE_WHILE_REVALIDATE = 0;
export const CACHE_DEFAULT_MAX_PENDING_EVICTIONS = 10_000;
export const CACHE_DEFAULT_POLL_INTERVAL = 100;
export const CACHE_DEFAULT_POLL_MAX_INTERVAL = 1_000;
export const CACHE_DEFAULT_DOUBLE_DELETE_DELAY = 500;
export const CACHE_DEFAULT_L1_MAX_ENTRIES = 10_000;
export const CACHE_DEFAULT_L1_MAX_BYTES = 64 * 1024 * 1024;
export const CACHE_DEFAULT_COMMAND_TIMEOUT = 50;
export const CACHE_DEFAULT_MAX_RETRIES = 1;
export const CACHE_DEFAULT_BLOOM_N = 1_000_000;
export const CACHE_DEFAULT_BLOOM_P = 0.01;
/** Generation keys must outlive any load that read them; a day is far beyond any lock lease. */
export const CACHE_GENERATION_TTL = 24 * 60 * 60 * 1000;
export const CACHE_METRIC_PREFIX = 'bulwark_cache_';
