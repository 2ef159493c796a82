import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import type { Consumer } from 'kafkajs';
import { kafkaFor, startBroker } from './support/kafka';
import { waitFor, sleep } from '../../support/wait-for';
import { startKafkaApp, type KafkaApp } from './support/kafka-app';
import { createSchema, type TestSchema } from './support/postgres';

const TOPIC = 'stock.reservations';
const state = { saturated: true, handled: 0 };

@Controller()
class ReservationsConsumer {
  @EventPattern<string>(TOPIC)
  async onReservation() {
    state.handled++;
  }
}

describe('Kafka messaging > backpressure signal pauses and resumes the topic', () => {
  let broker: EmbeddedKafka;
  let db: TestSchema;
  let app: KafkaApp;

  beforeAll(async () => {
    broker = await startBroker({ defaultPartitions: 2 });
    db = await createSchema('bp');
    app = await startKafkaApp(
      {
        brokers: broker.brokers,
        groupId: 'shop-bp',
        backpressure: { isSaturated: (topic) => topic === TOPIC && state.saturated },
        backpressurePollInterval: '50ms',
      },
      [ReservationsConsumer],
      db.dataSource,
    );
  });

  afterAll(async () => {
    await app.close();
    await broker.stop();
    await db.drop();
  });

  it('should hold messages while saturated, keep the member in the group, and drain once clear', async () => {
    const [, consumer] = app.server.unwrap<[unknown, Consumer]>();
    await waitFor('the topic to be paused', () => consumer.paused().some((p) => p.topic === TOPIC));

    const producer = kafkaFor(broker.brokers).producer();
    await producer.connect();
    await producer.send({
      topic: TOPIC,
      messages: Array.from({ length: 20 }, (_, i) => ({ key: `r${i}`, value: '{}' })),
    });
    await producer.disconnect();
    await sleep(500);
    expect(state.handled).toBe(0);

    state.saturated = false;
    await waitFor('20 handled', () => state.handled === 20);
    expect(consumer.paused().filter((p) => p.topic === TOPIC)).toHaveLength(0);
  });
});
