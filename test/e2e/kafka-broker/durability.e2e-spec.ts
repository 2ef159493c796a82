import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import type { Kafka } from 'kafkajs';
import { FAST_GROUP, kafkaFor, startBroker, unique } from './helpers';
import { waitFor } from '../../support/wait-for';

const TOTAL = 10_000;
const PARTITIONS = 4;
const PER_PARTITION = TOTAL / PARTITIONS;
const HALF = PER_PARTITION / 2;

describe('kafka-broker > durability with a data dir', () => {
  let dataDir: string;
  let broker: EmbeddedKafka | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kafka-broker-'));
  });

  afterEach(async () => {
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps 10,000 messages and committed offsets across a restart', async () => {
    const topic = unique('durable');
    const groupId = unique('durable-group');
    broker = await startBroker({ dataDir });
    await produceAll(kafkaFor(broker).kafka, topic);
    await commitHalf(kafkaFor(broker).kafka, topic, groupId);
    await broker.stop();

    broker = await startBroker({ dataDir });
    const { kafka, errors } = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.listTopics()).toContain(topic);
    const ends = await admin.fetchTopicOffsets(topic);
    expect(ends.map((e) => e.high)).toEqual(Array(PARTITIONS).fill(String(PER_PARTITION)));
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.partitions.map((p) => p.offset)).toEqual(Array(PARTITIONS).fill(String(HALF)));
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]).toMatchObject({ groupId, state: 'Empty', protocolType: 'consumer' });
    await admin.disconnect();

    // The same group resumes at the committed offsets: exactly the second half, in order.
    const resumed = await consume(kafka, topic, groupId, TOTAL / 2);
    for (let p = 0; p < PARTITIONS; p++) {
      const expected = Array.from({ length: HALF }, (_, i) => `${p}:${HALF + i}`);
      expect(resumed.get(p)).toEqual(expected);
    }
    // A new group from the beginning sees all 10,000.
    const all = await consume(kafka, topic, unique('fresh'), TOTAL);
    expect([...all.values()].flat()).toHaveLength(TOTAL);
    expect(errors).toEqual([]);
  });

  it('cuts a torn write off the end of a segment and keeps the rest', async () => {
    const topic = unique('torn');
    broker = await startBroker({ dataDir });
    const { kafka } = kafkaFor(broker);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
    await producer.disconnect();
    await broker.stop();

    const partitionDir = join(dataDir, 'topics', topic, '0');
    const [segment] = readdirSync(partitionDir).filter((f) => f.endsWith('.log'));
    appendFileSync(join(partitionDir, segment), Buffer.from([0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1]));
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn: (m: string) => void warnings.push(m),
    };
    broker = await startBroker({ dataDir, logger });
    expect(warnings.some((w) => w.includes('truncated torn data'))).toBe(true);
    const again = kafkaFor(broker).kafka;
    const p2 = again.producer();
    await p2.connect();
    const [result] = await p2.send({ topic, messages: [{ value: 'c' }] });
    expect(result.baseOffset).toBe('2');
    await p2.disconnect();
    const values = await consume(again, topic, unique('torn-reader'), 3);
    expect(values.get(0)).toEqual(['a', 'b', 'c'].map((v) => v));
  });
});

async function produceAll(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  for (let start = 0; start < PER_PARTITION; start += 250) {
    const messages = [];
    for (let p = 0; p < PARTITIONS; p++) {
      for (let i = start; i < start + 250; i++) messages.push({ partition: p, value: `${p}:${i}` });
    }
    await producer.send({ topic, messages, acks: -1 });
  }
  await producer.disconnect();
}

/** Reads the first half of each partition and commits exactly there. */
async function commitHalf(kafka: Kafka, topic: string, groupId: string): Promise<void> {
  const consumer = kafka.consumer({ groupId, ...FAST_GROUP });
  const done = new Set<number>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      if (Number(message.offset) !== HALF - 1) return;
      await consumer.commitOffsets([{ topic, partition, offset: String(HALF) }]);
      done.add(partition);
    },
  });
  await waitFor('half committed', () => done.size === PARTITIONS, 30000);
  await consumer.disconnect();
}

async function consume(kafka: Kafka, topic: string, groupId: string, count: number) {
  const byPartition = new Map<number, string[]>();
  let seen = 0;
  const consumer = kafka.consumer({ groupId, ...FAST_GROUP });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const values = byPartition.get(partition) ?? [];
      values.push(String(message.value));
      byPartition.set(partition, values);
      seen += 1;
    },
  });
  await waitFor(`${count} messages`, () => seen >= count, 30000);
  await consumer.disconnect();
  return byPartition;
}
