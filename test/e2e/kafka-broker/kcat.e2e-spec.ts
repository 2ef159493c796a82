import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import type { KafkaMessage } from 'kafkajs';
import { FAST_GROUP, kafkaFor, startBroker, unique } from './helpers';
import { waitFor } from '../../support/wait-for';
import { ensureKcat, kcat, parseJsonLines, type KcatMessage } from './kcat';

describe('kafka-broker > kcat (librdkafka)', () => {
  let broker: EmbeddedKafka;
  let bootstrap: string;
  let files: string;

  beforeAll(() => {
    ensureKcat();
    files = mkdtempSync(join(tmpdir(), 'kcat-'));
  });

  afterAll(() => rmSync(files, { recursive: true, force: true }));

  beforeEach(async () => {
    broker = await startBroker();
    bootstrap = broker.brokers[0];
  });

  afterEach(async () => {
    await broker.stop();
  });

  it('lists metadata with the advertised host and port (kcat -L)', async () => {
    const topic = unique('kcat-meta');
    const admin = kafkaFor(broker).kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    await admin.disconnect();
    const [meta] = parseJsonLines<{
      brokers: { id: number; name: string }[];
      topics: { topic: string; partitions: { partition: number; leader: number }[] }[];
    }>(await kcat(['-b', bootstrap, '-L', '-J']));
    expect(meta.brokers).toEqual([{ id: 0, name: `127.0.0.1:${broker.port}` }]);
    const listed = meta.topics.find((t) => t.topic === topic);
    expect(listed?.partitions.map((p) => [p.partition, p.leader])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
  });

  it('produces with kcat -P and consumes with kcat -C -e, headers included', async () => {
    const topic = unique('kcat-pc');
    const lines = 'k1:hello\nk2:wörld\tend\nk3:third\n';
    await kcat(['-b', bootstrap, '-P', '-t', topic, '-K:', '-H', 'trace=abc', '-H', 'n=1'], lines);
    const read = parseJsonLines<KcatMessage>(
      await kcat(['-b', bootstrap, '-C', '-t', topic, '-e', '-J']),
    );
    expect(read.map((m) => [m.offset, m.key, m.payload, m.headers])).toEqual([
      [0, 'k1', 'hello', ['trace', 'abc', 'n', '1']],
      [1, 'k2', 'wörld\tend', ['trace', 'abc', 'n', '1']],
      [2, 'k3', 'third', ['trace', 'abc', 'n', '1']],
    ]);
  });

  it('passes bytes unchanged from kcat to kafkajs and from kafkajs to kcat', async () => {
    const { kafka, errors } = kafkaFor(broker);
    const topic = unique('kcat-bytes');
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const file = join(files, 'binary.bin');
    writeFileSync(file, binary);
    // kcat -P with a file argument sends the whole file as one message.
    await kcat(['-b', bootstrap, '-P', '-t', topic, '-k', 'from-kcat', file]);
    const producer = kafka.producer();
    await producer.connect();
    const fromKafkajs = Buffer.from([0, 10, 13, 255, 254, 0, 1]);
    await producer.send({
      topic,
      messages: [{ key: 'from-kafkajs', value: fromKafkajs, headers: { h: 'v' } }],
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: unique('kcat-reader'), ...FAST_GROUP });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    await waitFor('both messages in kafkajs', () => seen.length === 2);
    await consumer.disconnect();
    expect(seen[0].key?.toString()).toBe('from-kcat');
    expect(seen[0].value).toEqual(binary);

    const raw = await kcat([
      '-b',
      bootstrap,
      '-C',
      '-t',
      topic,
      '-o',
      '1',
      '-c',
      '1',
      '-e',
      '-f',
      '%s',
    ]);
    expect(raw).toEqual(fromKafkajs);
    const [json] = parseJsonLines<KcatMessage>(
      await kcat(['-b', bootstrap, '-C', '-t', topic, '-o', '1', '-c', '1', '-e', '-J']),
    );
    expect([json.key, json.headers]).toEqual(['from-kafkajs', ['h', 'v']]);
    expect(errors).toEqual([]);
  });

  it('consumes as a balanced group (kcat -G) and commits offsets kafkajs can read', async () => {
    const { kafka } = kafkaFor(broker);
    const topic = unique('kcat-group');
    const groupId = unique('kcat-g');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 40 }, (_, i) => ({ partition: i % 4, value: `v${i}` })),
    });
    await producer.disconnect();
    const output = await kcat(
      ['-b', bootstrap, '-G', groupId, '-o', 'beginning', '-e', '-J', topic],
      undefined,
      30000,
    );
    const read = parseJsonLines<KcatMessage>(output);
    expect(read.map((m) => m.payload).sort()).toEqual(
      Array.from({ length: 40 }, (_, i) => `v${i}`).sort(),
    );
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.partitions.map((p) => p.offset)).toEqual(['10', '10', '10', '10']);
    await admin.disconnect();
  });
});
