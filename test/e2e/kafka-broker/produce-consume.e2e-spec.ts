import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { CompressionTypes, type KafkaMessage } from 'kafkajs';
import { FAST_GROUP, kafkaFor, startBroker, unique } from './helpers';
import { waitFor } from '../../support/wait-for';

describe('kafka-broker > kafkajs produce and consume', () => {
  let broker: EmbeddedKafka;

  beforeEach(async () => {
    broker = await startBroker();
  });

  afterEach(async () => {
    await broker.stop();
  });

  it('round-trips keys, values, headers and timestamps, plain and gzip', async () => {
    const { kafka, errors } = kafkaFor(broker);
    const topic = unique('roundtrip');
    const producer = kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 20 }, (_, i) => ({
      key: `key-${i}`,
      value: Buffer.from([0, 1, 2, i, 255]),
      headers: { 'trace-id': `t-${i}`, bin: Buffer.from([i, 0, 9]) },
      timestamp: String(1_700_000_000_000 + i),
    }));
    await producer.send({ topic, messages: sent.slice(0, 10) });
    await producer.send({ topic, messages: sent.slice(10), compression: CompressionTypes.GZIP });
    const received = await consumeN(kafka, topic, 20, true);
    expect(received.map((m) => m.key?.toString())).toEqual(sent.map((m) => m.key));
    expect(received.map((m) => m.value)).toEqual(sent.map((m) => m.value));
    expect(received.map((m) => m.timestamp)).toEqual(sent.map((m) => m.timestamp));
    expect(received.map((m) => m.headers?.['trace-id']?.toString())).toEqual(
      sent.map((m) => m.headers['trace-id']),
    );
    expect(received[15].headers?.bin).toEqual(Buffer.from([15, 0, 9]));
    expect(received.map((m) => m.offset)).toEqual(sent.map((_, i) => String(i)));
    await producer.disconnect();
    expect(errors).toEqual([]);
  });

  it('delivers everything with fromBeginning and only new messages without it', async () => {
    const { kafka } = kafkaFor(broker);
    const topic = unique('start');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'old-1' }, { value: 'old-2' }] });

    const latest = kafka.consumer({ groupId: unique('latest'), ...FAST_GROUP });
    const seenLatest: string[] = [];
    let fetched = false;
    latest.on(latest.events.FETCH, () => (fetched = true));
    await latest.connect();
    await latest.subscribe({ topic, fromBeginning: false });
    await latest.run({
      eachMessage: async ({ message }) => void seenLatest.push(String(message.value)),
    });
    // After its first fetch the consumer is positioned at the end of the log.
    await waitFor('latest consumer to fetch', () => fetched);
    await producer.send({ topic, messages: [{ value: 'new-1' }] });
    await waitFor('new message', () => seenLatest.length >= 1);

    const fromStart = await consumeN(kafka, topic, 3, true);
    expect(seenLatest).toEqual(['new-1']);
    expect(fromStart.map((m) => String(m.value))).toEqual(['old-1', 'old-2', 'new-1']);
    await latest.disconnect();
    await producer.disconnect();
  });

  it('idempotent producer writes each message once with dense offsets', async () => {
    const { kafka, errors } = kafkaFor(broker);
    const topic = unique('idem');
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 10; i++) {
      await producer.send({
        topic,
        messages: Array.from({ length: 10 }, (_, j) => ({ value: `m-${i * 10 + j}` })),
      });
    }
    const received = await consumeN(kafka, topic, 100, true);
    expect(received.map((m) => String(m.value))).toEqual(
      Array.from({ length: 100 }, (_, i) => `m-${i}`),
    );
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.fetchTopicOffsets(topic)).toEqual([
      { partition: 0, offset: '100', high: '100', low: '0' },
    ]);
    await admin.disconnect();
    await producer.disconnect();
    expect(errors).toEqual([]);
  });
});

/** Reads the first `count` messages of a one-partition topic with a fresh group. */
async function consumeN(
  kafka: ReturnType<typeof kafkaFor>['kafka'],
  topic: string,
  count: number,
  fromBeginning: boolean,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: unique('reader'), ...FAST_GROUP });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  await waitFor(`${count} messages`, () => messages.length >= count);
  await consumer.disconnect();
  return messages;
}
