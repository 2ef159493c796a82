import { Counter, Gauge, register, Registry } from 'prom-client';
import { RESILIENCE_METRICS } from '../resilience.constants';

/**
 * The lib's Prometheus metrics. Existing metrics of the same name are reused
 * (`registry.getSingleMetric`), so several module instances in one process (tests, or two apps
 * sharing the global registry) do not throw "already registered".
 * @publicApi
 */
export class ResilienceMetrics {
  /** 0 closed, 1 open, 2 half-open (an isolated breaker reports 1). */
  readonly breakerState: Gauge<'name'>;
  readonly timeouts: Counter<'name'>;
  readonly bulkheadRejections: Counter<'name'>;
  readonly fallbacks: Counter<'name' | 'reason'>;
  readonly retries: Counter<'name'>;
  readonly expiredSkipped: Counter<'handler'>;

  constructor(readonly registry: Registry = register) {
    const m = RESILIENCE_METRICS;
    this.breakerState = this.gauge(
      m.breakerState,
      'Circuit breaker state (0 closed, 1 open, 2 half-open)',
    );
    this.timeouts = this.counter(m.timeouts, 'Calls that ran out of budget', ['name']);
    this.bulkheadRejections = this.counter(
      m.bulkheadRejections,
      'Calls rejected by a full bulkhead',
      ['name'],
    );
    this.fallbacks = this.counter(m.fallbacks, 'Degraded answers served by a fallback', [
      'name',
      'reason',
    ]);
    this.retries = this.counter(m.retries, 'Retried attempts', ['name']);
    this.expiredSkipped = this.counter(
      m.expiredSkipped,
      'Messages skipped because their deadline had passed',
      ['handler'],
    );
  }

  private gauge(name: string, help: string): Gauge<'name'> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Gauge<'name'>;
    return new Gauge({ name, help, labelNames: ['name'], registers: [this.registry] });
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Counter<L>;
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
