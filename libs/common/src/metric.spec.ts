import { Registry } from 'prom-client';
import { counter, gauge, histogram } from './metric';

describe('metric get-or-create', () => {
  it('should return the metric already registered under a name instead of throwing', () => {
    const registry = new Registry();
    const a = counter(registry, { name: 'x_total', help: 'x', labelNames: ['k'] });
    expect(counter(registry, { name: 'x_total', help: 'x', labelNames: ['k'] })).toBe(a);
    const g = gauge(registry, { name: 'g', help: 'g' });
    expect(gauge(registry, { name: 'g', help: 'g' })).toBe(g);
    const h = histogram(registry, { name: 'h', help: 'h', buckets: [1] });
    expect(histogram(registry, { name: 'h', help: 'h', buckets: [1] })).toBe(h);
    expect(registry.getMetricsAsArray()).toHaveLength(3);
  });
});
