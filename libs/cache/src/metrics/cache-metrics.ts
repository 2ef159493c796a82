import { counter, metricsRegistry } from '@bulwark/common';
import type { Counter, Registry } from 'prom-client';
import { CACHE_METRIC_PREFIX } from '../cache.constants';

/**
 * Counter names (without the `bulwark_cache_` prefix and `_total` suffix), their help text, and
 * the name of the one label that tells their series apart (besides `namespace`), if any. Each
 * label is named for what it holds, as Prometheus naming asks, so a query reads
 * `bulwark_cache_hits_total{tier="l1"}`.
 */
const COUNTERS = {
  hits: { help: 'Reads answered from a tier (tier=l1|l2)', label: 'tier' },
  misses: { help: 'Reads a tier could not answer (tier=l1|l2)', label: 'tier' },
  loads: { help: 'Loader executions (result=ok|error|timeout)', label: 'result' },
  coalesced: { help: 'Callers that joined an in-process load already in flight' },
  lock_waits: { help: 'Loads that waited for another instance holding the fleet lock' },
  lock_polls: { help: 'Safety-net polls made while waiting (0 when pub/sub wake-up works)' },
  lock_timeouts: { help: 'Waits that hit waitTimeout' },
  bloom_rejects: {
    help: 'Keys rejected by a Bloom filter (filter=<name>) without touching Redis values or the loader',
    label: 'filter',
  },
  stale_served: {
    help: 'Values served from the grace window (reason=revalidating: while one load runs, stale-while-revalidate; reason=fallback: after a failed load or a passed deadline)',
    label: 'reason',
  },
  deadline_exceeded: {
    help: "Reads ended by their caller's deadline (stage=entry: passed before the read started anything; stage=wait: passed while it waited for a load), answered from grace or failed",
    label: 'stage',
  },
  refresh_ahead: { help: 'Background reloads started by refresh-ahead' },
  evictions: { help: 'Evictions (each triggers a delayed second delete)' },
  evictions_deferred: { help: 'Evictions that could not reach Redis and were kept to be replayed' },
  evictions_replayed: { help: 'Kept evictions replayed once Redis was ready again' },
  evictions_dropped: {
    help: 'Kept evictions dropped because maxPendingEvictions keys were pending',
  },
  invalidations_received: { help: 'Invalidations from other instances applied to L1' },
  stale_writes_prevented: {
    help: 'Loads whose write was refused because the key was evicted meanwhile',
  },
  redis_errors: { help: 'Redis calls that failed (degraded to L1 + loader)' },
} as const satisfies Record<string, { help: string; label?: string }>;

/** One of the cache counters. */
export type CacheCounter = keyof typeof COUNTERS;

const labelOf = (name: CacheCounter): string | undefined =>
  (COUNTERS[name] as { label?: string }).label;

/**
 * prom-client counters plus a per-instance tally. Several CacheModules (or test files) share one
 * registry, so the counters are got-or-created (`counter` of `@bulwark/common`).
 */
export class CacheMetrics {
  readonly #counters = new Map<CacheCounter, Counter<string>>();
  readonly #local = new Map<string, number>();
  /** Bound label children: `inc` on the hot path then skips prom-client's label hashing. */
  readonly #children = new Map<string, { inc(by?: number): void }>();

  constructor(
    private readonly namespace: string,
    registry?: Registry,
  ) {
    // Without prom-client (an optional peer) the counters record nothing; the tally still counts.
    registry = metricsRegistry(registry);
    for (const name of Object.keys(COUNTERS) as CacheCounter[]) {
      const full = `${CACHE_METRIC_PREFIX}${name}_total`;
      const label = labelOf(name);
      this.#counters.set(
        name,
        counter<string>(registry, {
          name: full,
          help: COUNTERS[name].help,
          labelNames: label ? ['namespace', label] : ['namespace'],
        }),
      );
    }
  }

  /** Counts one event; `value` is the value of the counter's label (`tier`, `result`, …). */
  inc(name: CacheCounter, value = '', by = 1): void {
    const k = value ? `${name}:${value}` : name;
    let child = this.#children.get(k);
    if (!child) {
      const label = labelOf(name);
      const labels: Record<string, string> = { namespace: this.namespace };
      if (label) labels[label] = value;
      child = this.#counters.get(name)!.labels(labels);
      this.#children.set(k, child);
    }
    child.inc(by);
    this.#local.set(k, (this.#local.get(k) ?? 0) + by);
  }

  /** This instance's count, e.g. `count('hits', 'l1')`; for tests and benches. */
  count(name: CacheCounter, value = ''): number {
    return this.#local.get(value ? `${name}:${value}` : name) ?? 0;
  }

  /** Snapshot of this instance's counts. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#local);
  }
}
