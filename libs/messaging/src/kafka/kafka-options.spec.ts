import { Registry } from 'prom-client';
import { resolveKafkaOptions } from './kafka-options';

describe('resolveKafkaOptions', () => {
  it('should fill defaults and turn durations into milliseconds once', () => {
    const registry = new Registry();
    const o = resolveKafkaOptions({ brokers: ['b:9092'], sessionTimeout: '6s', registry });
    expect(o).toMatchObject({
      groupId: 'bulwark',
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 3000,
    });
    expect(o.retry.delaysMs).toEqual([1000, 10_000, 60_000]);
    expect(o.lag).toEqual({ enabled: true, intervalMs: 5000, threshold: 10_000 });
    expect(o.registry).toBe(registry);
    expect(Object.isFrozen(o)).toBe(true);
  });

  it('should reject a malformed duration and an empty broker list at start', () => {
    expect(() =>
      resolveKafkaOptions({ brokers: ['b'], heartbeatInterval: '3 secs' as '3s' }),
    ).toThrow(/Invalid duration/);
    expect(() => resolveKafkaOptions({ brokers: [] })).toThrow(/brokers/);
  });
});
