import { counter, gauge, metricsRegistry } from '@bulwark/common';
import type { Counter, Gauge, Registry } from 'prom-client';
import { RESILIENCE_METRICS } from '../resilience.constants';

/**
 * The lib's Prometheus metrics. Per-policy series carry the policy's name as `policy`
 * (`postgres`, `ProductsController.get`). Metrics are got-or-created (`@bulwark/common`), so
 * several module instances in one process (tests, or two apps sharing the global registry) do
 * not throw "already registered". Without prom-client (an optional peer) and without a registry
 * of the app's, every metric is a no-op.
 * @publicApi
 */
export class ResilienceMetrics {
  /** 0 closed, 1 open, 2 half-open (an isolated breaker reports 1). */
  readonly breakerState: Gauge<'policy'>;
  readonly timeouts: Counter<'policy'>;
  readonly bulkheadRejections: Counter<'policy'>;
  readonly fallbacks: Counter<'policy' | 'reason'>;
  readonly retries: Counter<'policy'>;
  readonly expiredSkipped: Counter<'handler'>;
  /** Requests refused by admission control (503 before routing). */
  readonly admissionShed: Counter;
  /** 1 while admission control sheds load. */
  readonly admissionShedding: Gauge;
  /** Share of requests admitted while shedding (1 when not). */
  readonly admissionRatio: Gauge;

  /** Where the metrics are registered. @default prom-client's global `register` */
  readonly registry: Registry;

  constructor(registry?: Registry) {
    this.registry = metricsRegistry(registry);
    const m = RESILIENCE_METRICS;
    this.breakerState = this.gauge(
      m.breakerState,
      'Circuit breaker state (0 closed, 1 open, 2 half-open)',
    );
    this.timeouts = this.counter(m.timeouts, 'Calls that ran out of budget', ['policy']);
    this.bulkheadRejections = this.counter(
      m.bulkheadRejections,
      'Calls rejected by a full bulkhead',
      ['policy'],
    );
    this.fallbacks = this.counter(m.fallbacks, 'Degraded answers served by a fallback', [
      'policy',
      'reason',
    ]);
    this.retries = this.counter(m.retries, 'Retried attempts', ['policy']);
    this.expiredSkipped = this.counter(
      m.expiredSkipped,
      'Messages skipped because their deadline had passed',
      ['handler'],
    );
    this.admissionShed = this.counter(
      m.admissionShed,
      'Requests refused with 503 by admission control',
      [],
    );
    this.admissionShedding = this.gauge(
      m.admissionShedding,
      'Admission control is shedding load (1) or not (0)',
      [],
    );
    this.admissionRatio = this.gauge(
      m.admissionRatio,
      'Share of requests admission control admits (1 when not shedding)',
      [],
    );
  }

  private gauge<L extends string = 'policy'>(
    name: string,
    help: string,
    labelNames: L[] = ['policy' as L],
  ): Gauge<L> {
    return gauge(this.registry, { name, help, labelNames });
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return counter(this.registry, { name, help, labelNames });
  }
}
