import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { FAST_GROUP, kafkaFor, startBroker, unique } from './helpers';
import { waitFor } from '../../support/wait-for';

describe('kafka-broker > kafkajs admin', () => {
  let broker: EmbeddedKafka;

  beforeEach(async () => {
    broker = await startBroker({ autoCreateTopics: false });
  });

  afterEach(async () => {
    await broker.stop();
  });

  it('creates, lists and deletes topics and reports their metadata', async () => {
    const { kafka, errors } = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    const [t1, t2] = [unique('admin-a'), unique('admin-b')];
    expect(
      await admin.createTopics({ topics: [{ topic: t1, numPartitions: 4 }, { topic: t2 }] }),
    ).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: t1 }] })).toBe(false);
    expect((await admin.listTopics()).sort()).toEqual([t1, t2].sort());
    const { topics } = await admin.fetchTopicMetadata({ topics: [t1] });
    expect(topics[0].partitions.map((p) => [p.partitionId, p.leader])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    await admin.deleteTopics({ topics: [t2] });
    expect(await admin.listTopics()).toEqual([t1]);
    await expect(
      admin.createTopics({ topics: [{ topic: unique('rf'), replicationFactor: 3 }] }),
    ).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_REPLICATION_FACTOR' })],
    });
    await admin.disconnect();
    expect(errors.filter((e) => !/CreateTopics/.test(e))).toEqual([]);
  });

  it('reports topic offsets, offsets by timestamp, group offsets and groups for lag', async () => {
    const { kafka } = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    const topic = unique('lag');
    const groupId = unique('lag-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    const base = 1_800_000_000_000;
    await producer.send({
      topic,
      messages: Array.from({ length: 10 }, (_, i) => ({
        partition: i % 2,
        value: `v${i}`,
        timestamp: String(base + i * 1000),
      })),
    });
    expect(await admin.fetchTopicOffsets(topic)).toEqual([
      { partition: 0, offset: '5', high: '5', low: '0' },
      { partition: 1, offset: '5', high: '5', low: '0' },
    ]);
    // Partition 0 holds timestamps base+0, +2000, ...; the first at or after base+3000 is #2.
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, base + 3000)).toEqual([
      { partition: 0, offset: '2' },
      { partition: 1, offset: '1' },
    ]);

    const consumer = kafka.consumer({ groupId, ...FAST_GROUP });
    let seen = 0;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        seen += 1;
        if (Number(message.offset) === 2) {
          await consumer.commitOffsets([{ topic, partition, offset: '3' }]);
        }
      },
    });
    await waitFor('all messages', () => seen === 10);
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(offsets.partitions.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: '3', metadata: null },
      { partition: 1, offset: '3', metadata: null },
    ]);
    const { groups } = await admin.listGroups();
    expect(groups).toContainEqual({ groupId, protocolType: 'consumer' });
    const described = await admin.describeGroups([groupId]);
    expect(described.groups[0]).toMatchObject({
      groupId,
      state: 'Stable',
      protocol: 'RoundRobinAssigner',
    });
    await consumer.disconnect();
    const { groups: afterLeave } = await admin.describeGroups([groupId]);
    expect(afterLeave[0]).toMatchObject({ state: 'Empty', members: [] });
    await admin.deleteGroups([groupId]);
    const [forgotten] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(forgotten.partitions.map((p) => p.offset)).toEqual(['-1', '-1']);
    await expect(admin.deleteGroups([unique('never-existed')])).rejects.toMatchObject({
      groups: [expect.objectContaining({ errorCode: 69 })],
    });
    await producer.disconnect();
    await admin.disconnect();
  });
});
