import { Counter, type Registry, register as globalRegister } from 'prom-client';
import { CACHE_METRIC_PREFIX } from '../cache.constants';

/** Counter names (without the `bulwark_cache_` prefix and `_total` suffix) and their help text. */
const COUNTERS = {
  hits: 'Reads answered from a tier (label tier=l1|l2)',
  misses: 'Reads a tier could not answer (label tier=l1|l2)',
  loads: 'Loader executions (label result=ok|error|timeout)',
  coalesced: 'Callers that joined an in-process load already in flight',
  lock_waits: 'Loads that waited for another instance holding the fleet lock',
  lock_polls: 'Safety-net polls made while waiting (0 when pub/sub wake-up works)',
  lock_timeouts: 'Waits that hit waitTimeout',
  bloom_rejects: 'Keys rejected by a Bloom filter without touching Redis values or the loader',
  stale_served:
    'Values served from the grace window (label revalidating: while one load runs, stale-while-revalidate; none: after a failed load or a passed deadline)',
  deadline_exceeded:
    "Reads ended by their caller's deadline (label entry: passed before the read started anything; wait: passed while it waited for a load), answered from grace or failed",
  refresh_ahead: 'Background reloads started by refresh-ahead',
  evictions: 'Evictions (each triggers a delayed second delete)',
  evictions_deferred: 'Evictions that could not reach Redis and were kept to be replayed',
  evictions_replayed: 'Kept evictions replayed once Redis was ready again',
  evictions_dropped: 'Kept evictions dropped because maxPendingEvictions keys were pending',
  invalidations_received: 'Invalidations from other instances applied to L1',
  stale_writes_prevented: 'Loads whose write was refused because the key was evicted meanwhile',
  redis_errors: 'Redis calls that failed (degraded to L1 + loader)',
} as const;

/** One of the cache counters. */
export type CacheCounter = keyof typeof COUNTERS;

/**
 * prom-client counters plus a per-instance tally. Counters are looked up before being created
 * because several CacheModules (or test files) share one registry, and prom-client throws on a
 * second registration of the same name.
 */
export class CacheMetrics {
  readonly #counters = new Map<CacheCounter, Counter<string>>();
  readonly #local = new Map<string, number>();
  /** Bound label children: `inc` on the hot path then skips prom-client's label hashing. */
  readonly #children = new Map<string, { inc(by?: number): void }>();

  constructor(
    private readonly namespace: string,
    registry: Registry = globalRegister,
  ) {
    for (const [name, help] of Object.entries(COUNTERS) as [CacheCounter, string][]) {
      const full = `${CACHE_METRIC_PREFIX}${name}_total`;
      const existing = registry.getSingleMetric(full) as Counter<string> | undefined;
      const counter =
        existing ??
        new Counter({
          name: full,
          help,
          labelNames: ['namespace', 'label'],
          registers: [registry],
        });
      this.#counters.set(name, counter);
    }
  }

  inc(name: CacheCounter, label = '', by = 1): void {
    const k = label ? `${name}:${label}` : name;
    let child = this.#children.get(k);
    if (!child) {
      child = this.#counters.get(name)!.labels({ namespace: this.namespace, label });
      this.#children.set(k, child);
    }
    child.inc(by);
    this.#local.set(k, (this.#local.get(k) ?? 0) + by);
  }

  /** This instance's count, e.g. `count('hits', 'l1')`; for tests and benches. */
  count(name: CacheCounter, label = ''): number {
    return this.#local.get(label ? `${name}:${label}` : name) ?? 0;
  }

  /** Snapshot of this instance's counts. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#local);
  }
}
