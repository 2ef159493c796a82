import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { MessagingHeaders as H } from '@bulwark/messaging';
import { KafkaMessagingHeaders as KH } from '@bulwark/messaging/kafka';
import type { Producer } from 'kafkajs';
import { kafkaFor, startBroker } from './support/kafka';
import { waitFor } from '../../support/wait-for';
import { startKafkaApp, type KafkaApp } from './support/kafka-app';
import {
  INVOICES_TOPIC,
  PAYMENTS_TOPIC,
  PaymentsConsumer,
  payments,
} from './support/payments.consumer';
import { createSchema, type TestSchema } from './support/postgres';

const ok = (key: string) => payments.attempts.filter((a) => a.key === key && a.ok);

describe('Kafka messaging > retry topics, DLQ and replay', () => {
  let broker: EmbeddedKafka;
  let db: TestSchema;
  let app: KafkaApp;
  let producer: Producer;

  beforeAll(async () => {
    // One partition: the poison message and the 1,000 others share it.
    broker = await startBroker({ defaultPartitions: 1 });
    db = await createSchema('retry');
    producer = kafkaFor(broker.brokers).producer();
    await producer.connect();
    app = await startKafkaApp(
      { brokers: broker.brokers, groupId: 'shop-retry', lag: { interval: '200ms' } },
      [PaymentsConsumer],
      db.dataSource,
    );
  });

  afterAll(async () => {
    await producer.disconnect();
    await app.close();
    await broker.stop();
    await db.drop();
  });

  it('should route a failing message through every retry topic into the DLQ while the partition moves on', async () => {
    payments.failing.add('bad');
    const others = Array.from({ length: 1000 }, (_, i) => ({
      key: `good-${i}`,
      value: JSON.stringify({ key: `good-${i}` }),
    }));
    await producer.send({
      topic: PAYMENTS_TOPIC,
      messages: [{ key: 'bad', value: JSON.stringify({ key: 'bad' }) }, ...others],
    });

    await waitFor('the dead letter', async () => (await app.dlq.list(PAYMENTS_TOPIC)).length === 1);
    const bad = payments.attempts.filter((a) => a.key === 'bad');
    expect(bad.map((a) => [a.topic, a.attempt])).toEqual([
      [PAYMENTS_TOPIC, 1],
      [`${PAYMENTS_TOPIC}.retry.1`, 2],
      [`${PAYMENTS_TOPIC}.retry.2`, 3],
    ]);
    expect(new Set(bad.map((a) => a.messageId)).size).toBe(1);
    // Non-blocking: messages behind the poison one were handled before its first retry.
    const secondAttemptAt = payments.attempts.indexOf(bad[1]);
    expect(payments.attempts.slice(0, secondAttemptAt).filter((a) => a.ok).length).toBeGreaterThan(
      0,
    );
    await waitFor(
      '1,000 good messages',
      () => payments.attempts.filter((a) => a.ok).length >= 1000,
    );
    expect(new Set(payments.attempts.filter((a) => a.ok).map((a) => a.key)).size).toBe(1000);

    const [letter] = await app.dlq.list(PAYMENTS_TOPIC);
    expect(letter.key).toBe('bad');
    expect(letter.payload).toEqual({ key: 'bad' });
    expect(letter.headers).toMatchObject({
      [KH.originalTopic]: PAYMENTS_TOPIC,
      [KH.originalPartition]: '0',
      [KH.originalOffset]: '0',
      [KH.originalKey]: 'bad',
      [H.attempts]: '3',
      [H.errorClass]: 'Error',
      [H.errorMessage]: 'card declined for bad',
      [H.deadLetterReason]: 'exhausted',
    });
    const first = Date.parse(letter.headers[H.firstFailureAt]);
    const last = Date.parse(letter.headers[H.lastFailureAt]);
    expect(last).toBeGreaterThan(first);

    // The DLQ alert's counter: one dead letter, after three failed attempts, under the main topic.
    const series = async (name: string) =>
      (await app.registry.getSingleMetric(name)!.get()).values
        .filter((v) => v.labels.topic === PAYMENTS_TOPIC)
        .map((v) => [v.labels.outcome ?? '', v.value]);
    expect(await series('bulwark_kafka_dead_lettered_total')).toEqual([['', 1]]);
    expect(await series('bulwark_kafka_consumed_total')).toEqual(
      expect.arrayContaining([
        ['failed', 3],
        ['handled', 1000],
      ]),
    );
    // Produced straight to the topic, not through the outbox: no insert time, no latency.
    expect(await series('bulwark_kafka_end_to_end_seconds')).toEqual([]);
  });

  it('should dead-letter an undeserializable message at once without calling the handler', async () => {
    await producer.send({
      topic: INVOICES_TOPIC,
      messages: [
        { key: 'garbled', value: '{not json' },
        { key: 'fine', value: '{"key":"fine"}' },
      ],
    });

    await waitFor(
      'the poison letter',
      async () => (await app.dlq.list(INVOICES_TOPIC)).length === 1,
    );
    await waitFor('the message after it', () => ok('fine').length === 1);
    const [letter] = await app.dlq.list(INVOICES_TOPIC);
    expect(letter.key).toBe('garbled');
    expect(letter.payload).toBe(Buffer.from('{not json').toString('base64'));
    expect(letter.headers).toMatchObject({
      [H.attempts]: '1',
      [H.errorClass]: 'PoisonMessageError',
      [H.deadLetterReason]: 'poison',
      [KH.originalTopic]: INVOICES_TOPIC,
    });
    expect(payments.attempts.filter((a) => a.key === 'garbled')).toHaveLength(0);
  });

  it('should replay a fixed dead letter once, keeping its message id', async () => {
    payments.failing.delete('bad');
    const originalId = payments.attempts.find((a) => a.key === 'bad')!.messageId;

    expect(await app.dlq.replay(PAYMENTS_TOPIC)).toEqual({ replayed: 1, skipped: 0 });
    await waitFor('the replayed message', () => ok('bad').length === 1);
    expect(ok('bad')[0]).toMatchObject({
      topic: PAYMENTS_TOPIC,
      attempt: 1,
      messageId: originalId,
    });

    // The replay group's committed offset remembers what was sent.
    expect(await app.dlq.replay(PAYMENTS_TOPIC)).toEqual({ replayed: 0, skipped: 0 });
    expect(await app.dlq.list(PAYMENTS_TOPIC)).toHaveLength(1);
  });

  it('should leave no throwaway reader group behind after listing', async () => {
    expect(await app.dlq.list(PAYMENTS_TOPIC)).toHaveLength(1);
    const admin = kafkaFor(broker.brokers).admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      const readers = groups.filter((g) => g.groupId.startsWith('bulwark-dlq-reader-'));
      expect(readers).toEqual([]);
      // The replay-all group keeps its offsets: it remembers what was already sent.
      expect(groups.map((g) => g.groupId)).toContain(`${PAYMENTS_TOPIC}.dlq.replay`);
    } finally {
      await admin.disconnect();
    }
  });
});
