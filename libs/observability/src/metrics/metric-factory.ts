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
 * instances share the global registry (tests boot many apps in one process), so every Bulwark
 * metric is created through these: an existing metric of that name is reused.
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

export function gauge<L extends string>(registry: Registry, cfg: GaugeConfiguration<L>): Gauge<L> {
  return (
    (registry.getSingleMetric(cfg.name) as Gauge<L> | undefined) ??
    new Gauge({ ...cfg, registers: [registry] })
  );
}

export function histogram<L extends string>(
  registry: Registry,
  cfg: HistogramConfiguration<L>,
): Histogram<L> {
  return (
    (registry.getSingleMetric(cfg.name) as Histogram<L> | undefined) ??
    new Histogram({ ...cfg, registers: [registry] })
  );
}
