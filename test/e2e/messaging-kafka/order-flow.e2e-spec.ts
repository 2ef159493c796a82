import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { OutboxRelay } from '@bulwark/messaging';
import { KafkaOutboxPublisher } from '@bulwark/messaging/kafka';
import { kafkaFor, startBroker } from './support/kafka';
import { waitFor } from '../../support/wait-for';
import { startKafkaApp, type KafkaApp } from './support/kafka-app';
import {
  ORDERS_TOPIC,
  OrdersConsumer,
  calls,
  effectsInOrder,
  writeOrders,
} from './support/orders.consumer';
import { count, createSchema, type TestSchema } from './support/postgres';

const RELAY = {
  batchSize: 50,
  pollIntervalMs: 50,
  maxBackoffMs: 1000,
  retentionMs: 86_400_000,
  pruneIntervalMs: 3_600_000,
};

describe('Kafka messaging > order flow (outbox → relay → topic → consumer → inbox + effect)', () => {
  let broker: EmbeddedKafka;
  let db: TestSchema;

  beforeAll(async () => {
    broker = await startBroker({ defaultPartitions: 3 });
    db = await createSchema('flow');
  });

  afterAll(async () => {
    await db.drop();
    await broker.stop();
  });

  describe('end to end through the Nest app', () => {
    let app: KafkaApp;

    afterAll(() => app.close());

    it('should apply every order once, in order per key', async () => {
      app = await startKafkaApp(
        {
          brokers: broker.brokers,
          groupId: 'shop-flow',
          outbox: { relay: true, pollInterval: '50ms' },
        },
        [OrdersConsumer],
        db.dataSource,
      );
      await writeOrders(db.dataSource, 300, 10);

      await waitFor('300 effects', async () => (await count(db.dataSource, 'effect')) === 300);
      expect(await count(db.dataSource, 'inbox')).toBe(300);
      // Rows are marked sent after the broker acks them, which may come after their effects.
      await waitFor(
        'outbox marks',
        async () => (await count(db.dataSource, 'outbox WHERE sent_at IS NULL')) === 0,
      );
      for (const seqs of (await effectsInOrder(db.dataSource)).values()) {
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }
      expect(calls.handled).toBeGreaterThanOrEqual(300);

      // Every handled message came through the outbox, so each has an end-to-end latency: from
      // its row's insert to its handler's success, over a relay poll and a consumer fetch.
      const text = await app.registry.metrics();
      const sample = (series: string) =>
        Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
      const handled = sample(
        `bulwark_kafka_consumed_total{topic="${ORDERS_TOPIC}",outcome="handled"}`,
      );
      expect(handled).toBeGreaterThanOrEqual(300);
      const observed = sample(`bulwark_kafka_end_to_end_seconds_count{topic="${ORDERS_TOPIC}"}`);
      const mean =
        sample(`bulwark_kafka_end_to_end_seconds_sum{topic="${ORDERS_TOPIC}"}`) / observed;
      process.stdout.write(
        `end-to-end latency: ${observed} messages, mean ${Math.round(mean * 1000)} ms\n`,
      );
      expect(observed).toBe(handled);
      expect(mean).toBeGreaterThan(0);
      expect(mean).toBeLessThan(30);
    });
  });

  describe('two relay instances', () => {
    it('should publish each row once and keep per-key order', async () => {
      const topic = 'orders.relay';
      await writeOrders(db.dataSource, 1000, 20, topic, 10_000);
      const pools = [await db.connect(), await db.connect()];
      const publishers = pools.map(() => new KafkaOutboxPublisher(kafkaFor(broker.brokers)));
      const relays = pools.map((ds, i) => new OutboxRelay(ds, [publishers[i]], RELAY));
      relays.forEach((r) => r.start());
      await waitFor(
        'relays to drain',
        async () =>
          (await count(
            db.dataSource,
            `outbox WHERE destination = '${topic}' AND sent_at IS NULL`,
          )) === 0,
      );
      await Promise.all(relays.map((r) => r.stop()));
      await Promise.all(publishers.map((p) => p.close()));

      const seen = await readTopic(broker, topic, 1000);
      const ids = seen.map((s) => s.id);
      expect(new Set(ids).size).toBe(1000);
      expect(ids).toHaveLength(1000);
      const lastSeq = new Map<string, number>();
      for (const { key, seq } of seen) {
        expect(seq).toBeGreaterThan(lastSeq.get(key) ?? -1);
        lastSeq.set(key, seq);
      }
    });
  });
});

/** Reads `topic` from the beginning in partition-offset order until `expected` (plus a grace period). */
async function readTopic(broker: EmbeddedKafka, topic: string, expected: number) {
  const consumer = kafkaFor(broker.brokers).consumer({
    groupId: `reader-${Date.now()}`,
    maxWaitTimeInMs: 250,
  });
  const seen: Array<{ id: string; key: string; seq: number }> = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const body = JSON.parse(message.value!.toString()) as { key: string; seq: number };
      seen.push({ id: String(message.headers!['x-message-id']), key: body.key, seq: body.seq });
    },
  });
  await waitFor(`${expected} messages on ${topic}`, () => seen.length >= expected);
  await new Promise((r) => setTimeout(r, 500)); // a duplicate would arrive right behind
  await consumer.disconnect();
  return seen;
}
