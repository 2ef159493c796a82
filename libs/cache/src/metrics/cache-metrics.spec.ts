import { Registry } from 'prom-client';
import { CacheMetrics } from './cache-metrics';

describe('CacheMetrics', () => {
  it('should reuse counters already in the registry instead of throwing', async () => {
    const registry = new Registry();
    const a = new CacheMetrics('shop', registry);
    const b = new CacheMetrics('shop', registry);
    a.inc('hits', 'l1');
    b.inc('hits', 'l1', 2);
    expect(a.count('hits', 'l1')).toBe(1);
    expect(b.count('hits', 'l1')).toBe(2);
    const text = await registry.metrics();
    expect(text).toContain('bulwark_cache_hits_total{namespace="shop",tier="l1"} 3');
  });
});
