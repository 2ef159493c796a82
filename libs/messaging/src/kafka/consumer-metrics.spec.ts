import { Registry } from 'prom-client';
import { KafkaConsumerMetrics } from './consumer-metrics';

describe('KafkaConsumerMetrics', () => {
  it('counts outcomes per topic and observes latency only for messages with an insert time', async () => {
    const registry = new Registry();
    const metrics = new KafkaConsumerMetrics(registry);
    metrics.handled('orders', 1_000, 3_500);
    metrics.handled('orders', undefined);
    metrics.handled('orders', 5_000, 4_000); // consumer clock behind the database's: 0, not -1
    metrics.failed('orders');
    metrics.deadLettered('orders');
    const text = await registry.metrics();
    expect(text).toContain('bulwark_kafka_consumed_total{topic="orders",outcome="handled"} 3');
    expect(text).toContain('bulwark_kafka_consumed_total{topic="orders",outcome="failed"} 1');
    expect(text).toContain('bulwark_kafka_dead_lettered_total{topic="orders"} 1');
    expect(text).toContain('bulwark_kafka_end_to_end_seconds_count{topic="orders"} 2');
    expect(text).toContain('bulwark_kafka_end_to_end_seconds_sum{topic="orders"} 2.5');
    expect(text).toContain('bulwark_kafka_end_to_end_seconds_bucket{le="300",topic="orders"} 2');
  });

  it('shares the metrics of a registry between instances (one app, many servers)', () => {
    const registry = new Registry();
    new KafkaConsumerMetrics(registry);
    expect(() => new KafkaConsumerMetrics(registry)).not.toThrow();
  });
});
