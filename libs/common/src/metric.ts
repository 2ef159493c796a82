import type {
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';
import { optionalPeer } from './optional-peer';

/**
 * prom-client, loaded on the first metric created: it is an optional peer, and the rest of this
 * library (durations, timeouts, method layers) must load without it.
 */
function promClient(feature: string): typeof import('prom-client') {
  return optionalPeer(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require('prom-client') as typeof import('prom-client'),
    'prom-client',
    feature,
  );
}

/**
 * prom-client throws when a metric name is registered twice on one registry. Several module
 * instances share a registry (tests boot many apps in one process, an app may import a module
 * twice), so every Bulwark metric is created through these: an existing metric of that name is
 * reused. It lives here rather than in `@bulwark/observability` so the cache and resilience
 * libraries can use it without loading OpenTelemetry.
 * @publicApi
 */
export function counter<L extends string>(
  registry: Registry,
  cfg: CounterConfiguration<L>,
): Counter<L> {
  return (
    (registry.getSingleMetric(cfg.name) as Counter<L> | undefined) ??
    new (promClient('counter()').Counter)({ ...cfg, registers: [registry] })
  );
}

/** {@link counter}'s rule for a gauge. @publicApi */
export function gauge<L extends string>(registry: Registry, cfg: GaugeConfiguration<L>): Gauge<L> {
  return (
    (registry.getSingleMetric(cfg.name) as Gauge<L> | undefined) ??
    new (promClient('gauge()').Gauge)({ ...cfg, registers: [registry] })
  );
}

/** {@link counter}'s rule for a histogram. @publicApi */
export function histogram<L extends string>(
  registry: Registry,
  cfg: HistogramConfiguration<L>,
): Histogram<L> {
  return (
    (registry.getSingleMetric(cfg.name) as Histogram<L> | undefined) ??
    new (promClient('histogram()').Histogram)({ ...cfg, registers: [registry] })
  );
}
