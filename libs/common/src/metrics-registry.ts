import type { Registry } from 'prom-client';
import { lazyOptionalPeer } from './optional-peer';

const promClient = lazyOptionalPeer(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  () => require('prom-client') as typeof import('prom-client'),
  'prom-client',
);

/** Takes every call a library makes on a metric, or on a bound label child, and records nothing. */
const NOOP_METRIC = {
  inc: () => undefined,
  dec: () => undefined,
  set: () => undefined,
  observe: () => undefined,
  reset: () => undefined,
  remove: () => undefined,
  zero: () => undefined,
  startTimer: () => () => 0,
  labels: (): unknown => NOOP_METRIC,
  get: () =>
    Promise.resolve({ name: '', help: '', type: 'counter', values: [], aggregator: 'sum' }),
};

/**
 * A registry on which every metric already "exists" as {@link NOOP_METRIC}, so `counter`,
 * `gauge` and `histogram` hand it out without loading prom-client; it exposes nothing.
 */
const NOOP_REGISTRY = {
  getSingleMetric: () => NOOP_METRIC,
  getMetricsAsArray: () => [],
  getMetricsAsJSON: () => Promise.resolve([]),
  metrics: () => Promise.resolve(''),
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
  registerMetric: () => undefined,
  removeSingleMetric: () => undefined,
  resetMetrics: () => undefined,
  clear: () => undefined,
  setDefaultLabels: () => undefined,
} as unknown as Registry;

/**
 * Where a library's metrics go: the registry the app passed, else prom-client's global
 * `register`, else, when prom-client is not installed (an optional peer), a registry whose
 * metrics record nothing, so the library works unchanged without metrics. Called when a module
 * starts, never on import. What the app asks for explicitly (`MetricsModule`, `counter()` on a
 * registry of its own) still needs prom-client and says so.
 * @publicApi
 */
export function metricsRegistry(registry?: Registry): Registry {
  return registry ?? promClient()?.register ?? NOOP_REGISTRY;
}
