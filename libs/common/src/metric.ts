import {
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';

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
    new Counter({ ...cfg, registers: [registry] })
  );
}

/** {@link counter}'s rule for a gauge. @publicApi */
export function gauge<L extends string>(registry: Registry, cfg: GaugeConfiguration<L>): Gauge<L> {
  return (
    (registry.getSingleMetric(cfg.name) as Gauge<L> | undefined) ??
    new Gauge({ ...cfg, registers: [registry] })
  );
}

/** {@link counter}'s rule for a histogram. @publicApi */
export function histogram<L extends string>(
  registry: Registry,
  cfg: HistogramConfiguration<L>,
): Histogram<L> {
  return (
    (registry.getSingleMetric(cfg.name) as Histogram<L> | undefined) ??
    new Histogram({ ...cfg, registers: [registry] })
  );
}
