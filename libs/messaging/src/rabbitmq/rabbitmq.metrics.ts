import { counter, gauge } from '@bulwark/common';
import type { Counter, Gauge, Registry } from 'prom-client';
import { RABBITMQ_METRICS_PREFIX as P } from './rabbitmq.constants';

type Source = () => Promise<ReadonlyArray<readonly [string, number]>>;

/** Publish-side counters already bound to one exchange label. */
export interface ExchangeCounters {
  readonly published: { inc(): void };
  readonly confirmed: { inc(): void };
  readonly nacked: { inc(): void };
  readonly returned: { inc(): void };
}

/** Consume-side counters already bound to one queue label. */
export interface QueueCounters {
  readonly consumed: { inc(): void };
  readonly acked: { inc(): void };
}

/** Gauge sources per gauge: several publishers/servers (tests, bench) share one metric. */
const gaugeSources = new WeakMap<Gauge<string>, Set<Source>>();

/**
 * The `bulwark_rabbitmq_*` metrics, created through `@bulwark/common`'s get-or-create, so several
 * instances on one registry (tests, several modules) reuse them instead of throwing.
 * @publicApi
 */
export class RabbitMqMetrics {
  readonly published: Counter<string>;
  readonly confirmed: Counter<string>;
  readonly nacked: Counter<string>;
  readonly returned: Counter<string>;
  readonly consumed: Counter<string>;
  readonly acked: Counter<string>;
  readonly retried: Counter<string>;
  readonly deadLettered: Counter<string>;
  readonly inFlight: Gauge<string>;
  readonly queueDepth: Gauge<string>;
  private readonly exchanges = new Map<string, ExchangeCounters>();
  private readonly queues = new Map<string, QueueCounters>();

  // Assigned in the body, not as field initializers: with ES2022 class fields those would run
  // before the `registry` parameter property is set.
  constructor(private readonly registry: Registry) {
    this.published = this.counter(
      'published_total',
      'Messages written to a confirm channel',
      'exchange',
    );
    this.confirmed = this.counter('confirmed_total', 'Publishes acked by the broker', 'exchange');
    this.nacked = this.counter('nacked_total', 'Publishes nacked by the broker', 'exchange');
    this.returned = this.counter('returned_total', 'Unroutable publishes returned', 'exchange');
    this.consumed = this.counter('consumed_total', 'Deliveries received', 'queue');
    this.acked = this.counter('acked_total', 'Deliveries acked after success', 'queue');
    this.retried = this.counter('retried_total', 'Deliveries moved to a retry queue', 'queue');
    this.deadLettered = this.counter('dead_lettered_total', 'Deliveries moved to the DLQ', 'queue');
    this.inFlight = this.gauge(
      'unconfirmed_in_flight',
      'Publishes awaiting a confirm',
      'publisher',
    );
    this.queueDepth = this.gauge('queue_depth', 'Ready messages per queue (checkQueue)', 'queue');
  }

  /**
   * Publish counters bound to one exchange. Bound children skip prom-client's per-call label
   * hashing, which showed up in the publish profile.
   */
  forExchange(exchange: string): ExchangeCounters {
    let bound = this.exchanges.get(exchange);
    if (!bound) {
      const labels = { exchange };
      bound = {
        published: this.published.labels(labels),
        confirmed: this.confirmed.labels(labels),
        nacked: this.nacked.labels(labels),
        returned: this.returned.labels(labels),
      };
      this.exchanges.set(exchange, bound);
    }
    return bound;
  }

  /** Consume counters bound to one queue (same reason as {@link forExchange}). */
  forQueue(queue: string): QueueCounters {
    let bound = this.queues.get(queue);
    if (!bound) {
      const labels = { queue };
      bound = { consumed: this.consumed.labels(labels), acked: this.acked.labels(labels) };
      this.queues.set(queue, bound);
    }
    return bound;
  }

  /** Adds a source of gauge values; returns its removal. */
  addSource(gauge: Gauge<string>, source: Source): () => void {
    const set = gaugeSources.get(gauge)!;
    set.add(source);
    return () => set.delete(source);
  }

  private counter(name: string, help: string, label: string): Counter<string> {
    return counter(this.registry, { name: P + name, help, labelNames: [label] });
  }

  private gauge(name: string, help: string, label: string): Gauge<string> {
    const metric = gauge(this.registry, {
      name: P + name,
      help,
      labelNames: [label],
      // Reads the sources of the gauge that is registered, which a second instance reuses.
      async collect(this: Gauge<string>) {
        this.reset();
        const sources = [...(gaugeSources.get(this) ?? [])];
        const all = await Promise.all(sources.map((s) => s().catch(() => [])));
        for (const [labelValue, value] of all.flat()) this.set({ [label]: labelValue }, value);
      },
    });
    if (!gaugeSources.has(metric)) gaugeSources.set(metric, new Set());
    return metric;
  }
}
