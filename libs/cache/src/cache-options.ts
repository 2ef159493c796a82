import { type Duration, toMs } from '@bulwark/common';
import type { RedisClient } from './redis/redis-client';
import type { Registry } from 'prom-client';
import * as C from './cache.constants';
import { type CacheDeadlines, NO_DEADLINES } from './caller-deadline';

/** Per-call / per-decorator options. Every field falls back to `CacheModuleOptions.defaults`. */
export interface CacheEntryOptions {
  /** Logical time to live in L2. @default '60s' */
  ttl?: Duration;
  /** Time to live in the in-process L1; `false` keeps this key out of L1. @default '5s' */
  l1Ttl?: Duration | false;
  /** Random extra fraction added to every TTL so expiries of keys written together spread out. @default 0.1 */
  jitter?: number;
  /** How long a "not found" (loader returned `null`/`undefined`) is remembered. @default '30s' */
  nullTtl?: Duration;
  /** Grace window after `ttl` during which the last value is served if the loader fails. @default 0 */
  staleTtl?: Duration;
  /** Lease of the fleet-wide load lock; extended while the loader runs. @default '5s' */
  lockTtl?: Duration;
  /** How long a request waits for another instance's load before loading itself. @default '3s' */
  waitTimeout?: Duration;
  /** Loader time limit; past it the load counts as failed (grace applies). @default '10s' */
  loadTimeout?: Duration;
  /** Name of a Bloom filter (see `CacheModuleOptions.bloomFilters`) that must contain the key. */
  bloom?: string;
  /**
   * When a read may start one background reload while every reader keeps the current value:
   * a fraction of `ttl` (the first read past it triggers; 0 = off), or `'xfetch'`, where a read
   * triggers with a probability that grows as expiry nears, scaled by how long the key's last
   * load took (δ): `now - δ·β·ln(rand) >= expiresAt` (Vattani et al., VLDB 2015). Each instance
   * draws a key at most 32 times per δ, so the head start is a few δ at any read rate: expensive
   * keys start early, cheap ones late. @default 0
   */
  refreshAhead?: number | 'xfetch';
  /** β of `refreshAhead: 'xfetch'`: above 1 refreshes earlier, below 1 later. @default 1 */
  refreshBeta?: number;
  /**
   * With a graced copy in hand (within `staleTtl` past `ttl`) and a load running, how long a
   * read waits for that load before it answers with the graced copy (`x-cache: stale`); the
   * load goes on in the background, still one per key fleet-wide. `false` waits as long as a
   * copy without grace would (up to `waitTimeout`, then loads itself). Without `staleTtl` it
   * changes nothing. @default 0 (answer at once)
   */
  staleWhileRevalidate?: Duration | false;
}

/** A Bloom filter declared at module level and shared by every instance through Redis. */
export interface BloomFilterOptions {
  /** Expected number of members; sizes the bit array. @default 1_000_000 */
  expectedItems?: number;
  /** Target false-positive rate. @default 0.01 */
  falsePositiveRate?: number;
  /** Yields every member; used by `rebuild()` and, with `buildOnStart`, at bootstrap. */
  source?: () => AsyncIterable<string>;
  /** Build at module init when the filter does not exist yet. @default false */
  buildOnStart?: boolean;
}

/** Options of `CacheModule.forRoot()`. */
export interface CacheModuleOptions {
  /** First key segment, shared by all caches of one application. @default 'bulwark' */
  app?: string;
  /** Second key segment: keys read `<app>:<namespace>:<key>`. @default 'cache' */
  namespace?: string;
  /** Redis URL for L2, locks, pub/sub and Bloom filters. Without it (and without `redis`) everything stays in-process. */
  redisUrl?: string;
  /**
   * Seed nodes (`host:port`) of a Redis Cluster (Redis 7+): when set, the cache runs on the
   * cluster instead of `redisUrl`, with hash-tagged keys and sharded pub/sub (see the README's
   * "Redis Cluster").
   */
  redisClusterNodes?: string[];
  /**
   * An existing ioredis client (`Redis` or `Cluster`) to reuse instead of `redisUrl`; it is
   * duplicated once for SUBSCRIBE.
   */
  redis?: RedisClient;
  /**
   * Budget of each Redis call on the read path: a slower Redis counts as down. Judged after
   * pending I/O was read, so a busy event loop is not mistaken for a slow Redis. @default 50
   */
  commandTimeout?: number;
  /** L1 bounds; `false` disables L1 for every key. */
  l1?: false | { maxEntries?: number; maxBytes?: number };
  /** Entry defaults applied to every call. */
  defaults?: CacheEntryOptions;
  /** Delay of the second delete after an eviction. @default '500ms' */
  doubleDeleteDelay?: Duration;
  /**
   * Evictions that could not reach Redis are kept (one per key, the newest wins) and replayed
   * when the connection is ready again; past this many keys the oldest is dropped and counted
   * as `evictions_dropped`. @default 10_000
   */
  maxPendingEvictions?: number;
  /** First safety-net poll while waiting on another instance's lock; doubles up to `pollMaxInterval`. @default '100ms' */
  pollInterval?: Duration;
  /** @default '1s' */
  pollMaxInterval?: Duration;
  /** Bloom filters by name. */
  bloomFilters?: Record<string, BloomFilterOptions>;
  /**
   * prom-client registry for `bulwark_cache_*` metrics. @default prom-client's global `register`
   * (no metrics when prom-client is not installed)
   */
  registry?: Registry;
  /** Identifies this instance on the bus (its own invalidations are not re-applied). @default random */
  instanceId?: string;
  /**
   * Where callers' deadlines come from, e.g. `deadlineSource` of `@bulwark/resilience`. With
   * one, a deadline bounds how long a read waits (for Redis, a lock owner, a load), never what
   * it is served, and a load shared by many callers is not bound by any one of them.
   * @default none: reads wait as long as their loads take, and loads run in the caller's context
   */
  deadlines?: CacheDeadlines;
}

function refreshAhead(value: number | 'xfetch'): number | 'xfetch' {
  return value === 'xfetch' ? value : fraction(value, 'refreshAhead');
}

function positive(value: number, name: string): number {
  if (!(value > 0 && Number.isFinite(value))) throw new Error(`${name} must be > 0, got ${value}`);
  return value;
}

function fraction(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be within [0, 1], got ${value}`);
  return value;
}

/** Fills entry defaults once; internal code only reads the result. */
export function resolveEntryOptions(raw: CacheEntryOptions = {}, base: CacheEntryOptions = {}) {
  const o = { ...base, ...raw };
  const l1Ttl = o.l1Ttl ?? C.CACHE_DEFAULT_L1_TTL;
  return Object.freeze({
    ttl: toMs(o.ttl ?? C.CACHE_DEFAULT_TTL, 'ttl'),
    l1Ttl: l1Ttl === false ? 0 : toMs(l1Ttl, 'l1Ttl'),
    jitter: fraction(o.jitter ?? C.CACHE_DEFAULT_JITTER, 'jitter'),
    nullTtl: toMs(o.nullTtl ?? C.CACHE_DEFAULT_NULL_TTL, 'nullTtl'),
    staleTtl: toMs(o.staleTtl ?? C.CACHE_DEFAULT_STALE_TTL, 'staleTtl'),
    lockTtl: toMs(o.lockTtl ?? C.CACHE_DEFAULT_LOCK_TTL, 'lockTtl'),
    waitTimeout: toMs(o.waitTimeout ?? C.CACHE_DEFAULT_WAIT_TIMEOUT, 'waitTimeout'),
    loadTimeout: toMs(o.loadTimeout ?? C.CACHE_DEFAULT_LOAD_TIMEOUT, 'loadTimeout'),
    bloom: o.bloom,
    refreshAhead: refreshAhead(o.refreshAhead ?? C.CACHE_DEFAULT_REFRESH_AHEAD),
    refreshBeta: positive(o.refreshBeta ?? C.CACHE_DEFAULT_REFRESH_BETA, 'refreshBeta'),
    /** Milliseconds, or `undefined` when off (set to `false`). */
    staleWhileRevalidate:
      o.staleWhileRevalidate === false
        ? undefined
        : toMs(
            o.staleWhileRevalidate ?? C.CACHE_DEFAULT_STALE_WHILE_REVALIDATE,
            'staleWhileRevalidate',
          ),
  });
}

/** Entry options after defaults. */
export type ResolvedEntryOptions = ReturnType<typeof resolveEntryOptions>;

/** Fills module defaults once. */
export function resolveCacheModuleOptions(raw: CacheModuleOptions) {
  const l1 = raw.l1 === false ? false : (raw.l1 ?? {});
  return Object.freeze({
    app: raw.app ?? C.CACHE_DEFAULT_APP,
    namespace: raw.namespace ?? C.CACHE_DEFAULT_NAMESPACE,
    redisUrl: raw.redisUrl,
    redisClusterNodes:
      raw.redisClusterNodes && raw.redisClusterNodes.length > 0
        ? Object.freeze([...raw.redisClusterNodes])
        : undefined,
    redis: raw.redis,
    commandTimeout: raw.commandTimeout ?? C.CACHE_DEFAULT_COMMAND_TIMEOUT,
    l1:
      l1 === false
        ? false
        : {
            maxEntries: l1.maxEntries ?? C.CACHE_DEFAULT_L1_MAX_ENTRIES,
            maxBytes: l1.maxBytes ?? C.CACHE_DEFAULT_L1_MAX_BYTES,
          },
    defaults: raw.defaults ?? {},
    doubleDeleteDelay: toMs(
      raw.doubleDeleteDelay ?? C.CACHE_DEFAULT_DOUBLE_DELETE_DELAY,
      'doubleDeleteDelay',
    ),
    maxPendingEvictions: positive(
      raw.maxPendingEvictions ?? C.CACHE_DEFAULT_MAX_PENDING_EVICTIONS,
      'maxPendingEvictions',
    ),
    pollInterval: toMs(raw.pollInterval ?? C.CACHE_DEFAULT_POLL_INTERVAL, 'pollInterval'),
    pollMaxInterval: toMs(
      raw.pollMaxInterval ?? C.CACHE_DEFAULT_POLL_MAX_INTERVAL,
      'pollMaxInterval',
    ),
    bloomFilters: raw.bloomFilters ?? {},
    registry: raw.registry,
    instanceId: raw.instanceId ?? Math.random().toString(36).slice(2, 10),
    deadlines: raw.deadlines ?? NO_DEADLINES,
  });
}

/** Module options after defaults. */
export type ResolvedCacheModuleOptions = ReturnType<typeof resolveCacheModuleOptions>;
