import { register, Registry } from 'prom-client';
import { counter, gauge, histogram } from './metric';
import { metricsRegistry } from './metrics-registry';

/** `metricsRegistry` from a fresh module registry in which prom-client is not installed. */
function withoutPromClient(): typeof import('./metrics-registry') {
  let loaded: typeof import('./metrics-registry') | undefined;
  jest.isolateModules(() => {
    jest.doMock('prom-client', () => {
      throw Object.assign(
        new Error("Cannot find module 'prom-client' from 'metrics-registry.ts'"),
        {
          code: 'MODULE_NOT_FOUND',
        },
      );
    });
    loaded = jest.requireActual<typeof import('./metrics-registry')>('./metrics-registry');
  });
  return loaded!;
}

describe('metricsRegistry', () => {
  afterEach(() => jest.dontMock('prom-client'));

  it("should be the app's registry when it names one, else prom-client's global one", () => {
    const own = new Registry();
    expect(metricsRegistry(own)).toBe(own);
    expect(metricsRegistry()).toBe(register);
  });

  it('should hand out metrics that record nothing when prom-client is not installed', async () => {
    const registry = withoutPromClient().metricsRegistry();
    const hits = counter<'tier'>(registry, {
      name: 'x_hits_total',
      help: 'h',
      labelNames: ['tier'],
    });
    hits.labels({ tier: 'l1' }).inc();
    gauge(registry, { name: 'x_depth', help: 'h' }).set(3);
    histogram(registry, { name: 'x_seconds', help: 'h' }).startTimer()();
    expect(await registry.metrics()).toBe('');
    expect(registry.getSingleMetric('x_hits_total')).toBe(hits);
  });
});
