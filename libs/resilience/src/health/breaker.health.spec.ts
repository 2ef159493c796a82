import { Registry } from 'prom-client';
import { BreakerRegistry } from '../breaker-registry';
import { ResilienceMetrics } from '../metrics/resilience.metrics';
import { consecutive } from '../policies/breaker-strategies';
import { resolveResilienceOptions } from '../resilience-options';
import { BreakerHealthIndicator } from './breaker.health';

describe('BreakerHealthIndicator', () => {
  const setup = () => {
    const options = resolveResilienceOptions({
      dependencies: { 'http:geo': { breaker: { strategy: consecutive(1), critical: false } } },
    });
    const registry = new BreakerRegistry(options, new ResilienceMetrics(new Registry()));
    return {
      registry,
      indicator: new BreakerHealthIndicator(registry),
    };
  };

  describe('breakersCheck', () => {
    it('should be up with every breaker state while all are closed', () => {
      const { indicator } = setup();
      const result = indicator.breakersCheck('breakers');
      expect(result.breakers.status).toBe('up');
      expect(result.breakers).toMatchObject({
        breakers: { postgres: { state: 'closed' }, redis: { state: 'closed' } },
      });
    });

    it('should be down when a critical breaker is open, and ignore non-critical ones', () => {
      const { indicator, registry } = setup();
      registry.get('http:geo').isolate();
      expect(indicator.breakersCheck('breakers').breakers.status).toBe('up');
      registry.get('postgres').isolate();
      const result = indicator.breakersCheck('breakers');
      expect(result.breakers).toMatchObject({ status: 'down', open: ['postgres'] });
    });

    it("should be degraded, naming the open breaker, with whenOpen: 'degraded'", () => {
      const { indicator, registry } = setup();
      registry.get('postgres').isolate();
      const result = indicator.breakersCheck('breakers', { whenOpen: 'degraded' });
      expect(result.breakers).toMatchObject({ status: 'degraded', open: ['postgres'] });
    });
  });
});
