import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { KAFKA_LAG_METRIC } from '@bulwark/messaging/kafka';
import type { Gauge } from 'prom-client';
import { kafkaFor, startBroker } from './support/kafka';
import { waitFor } from '../../support/wait-for';
import { startKafkaApp, type KafkaApp } from './support/kafka-app';
import { createSchema, type TestSchema } from './support/postgres';

const TOPIC = 'audit.events';
const gate = { open: false, handled: 0 };

/** Blocks until the test opens the gate: the consumer falls behind on purpose. */
@Controller()
class StuckConsumer {
  @EventPattern<string>(TOPIC)
  async onAudit() {
    await waitFor('the gate', () => gate.open, 60_000);
    gate.handled++;
  }
}

describe('Kafka messaging > lag monitor and health indicator', () => {
  let broker: EmbeddedKafka;
  let db: TestSchema;
  let app: KafkaApp;

  beforeAll(async () => {
    broker = await startBroker({ defaultPartitions: 2 });
    db = await createSchema('lag');
    app = await startKafkaApp(
      { brokers: broker.brokers, groupId: 'shop-lag', lag: { interval: '200ms', threshold: 50 } },
      [StuckConsumer],
      db.dataSource,
    );
  });

  afterAll(async () => {
    gate.open = true;
    await app.close();
    await broker.stop();
    await db.drop();
  });

  const lagOf = async (partition: number) => {
    const gauge = app.registry.getSingleMetric(KAFKA_LAG_METRIC) as Gauge;
    const { values } = await gauge.get();
    return values.find((v) => v.labels.topic === TOPIC && v.labels.partition === String(partition))
      ?.value;
  };

  it('should export lag per partition and report down over the threshold, up once caught up', async () => {
    const producer = kafkaFor(broker.brokers).producer();
    await producer.connect();
    const messages = Array.from({ length: 100 }, (_, i) => ({
      key: `k${i}`,
      value: '{}',
      partition: 0,
    }));
    await producer.send({ topic: TOPIC, messages });
    await producer.disconnect();

    await waitFor('lag of 100 on partition 0', async () => (await lagOf(0)) === 100);
    expect(await lagOf(1)).toBe(0);
    expect(await app.health.isHealthy('kafka')).toEqual({
      kafka: { status: 'down', message: 'consumer lag 100 over 50', maxLag: 100 },
    });

    gate.open = true;
    await waitFor('lag back to 0', async () => (await lagOf(0)) === 0);
    expect(gate.handled).toBe(100);
    expect(await app.health.isHealthy('kafka')).toEqual({
      kafka: { status: 'up', brokers: 1, maxLag: 0 },
    });
  });

  it('should report down, not throw, when the broker is unreachable', async () => {
    await broker.stop();
    const result = await app.health.isHealthy('kafka', { timeout: 1000 });
    expect(result.kafka.status).toBe('down');
    expect(typeof result.kafka.message).toBe('string');
  });
});
