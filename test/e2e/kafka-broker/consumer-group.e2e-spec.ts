import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { AssignerProtocol, type Admin, type Consumer, type Kafka } from 'kafkajs';
import { FAST_GROUP, kafkaFor, startBroker, unique } from './helpers';
import { waitFor } from '../../support/wait-for';

const PARTITIONS = 12;

interface Delivery {
  readonly member: string;
  readonly partition: number;
  readonly value: string;
}

describe('kafka-broker > kafkajs consumer group', () => {
  let broker: EmbeddedKafka;

  beforeAll(async () => {
    broker = await startBroker();
  });

  afterAll(async () => {
    await broker.stop();
  });

  it('splits 12 partitions over 3 joining and leaving members, resuming at committed offsets', async () => {
    const { kafka, errors } = kafkaFor(broker);
    const topic = unique('group-topic');
    const groupId = unique('group');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
    const producer = kafka.producer();
    await producer.connect();
    const deliveries: Delivery[] = [];
    const produce = async (phase: string) => {
      const messages = Array.from({ length: PARTITIONS * 5 }, (_, i) => ({
        partition: i % PARTITIONS,
        value: `${phase}-${i}`,
      }));
      await producer.send({ topic, messages });
      await waitFor(`${phase} consumed`, () => countPhase(deliveries, phase) >= messages.length);
      await waitForCommits(admin, groupId, topic);
    };
    const start = (name: string) => startMember(kafka, name, groupId, topic, deliveries);

    const a = await start('a');
    await waitForMembers(admin, groupId, 1);
    await produce('p1');
    checkPhase(deliveries, 'p1', await assignments(admin, groupId));

    const b = await start('b');
    const c = await start('c');
    const three = await waitForMembers(admin, groupId, 3);
    await produce('p2');
    checkPhase(deliveries, 'p2', three);

    await c.disconnect();
    const two = await waitForMembers(admin, groupId, 2);
    await produce('p3');
    checkPhase(deliveries, 'p3', two);

    await Promise.all([a.disconnect(), b.disconnect()]);
    const d = await start('d');
    await waitForMembers(admin, groupId, 1);
    await produce('p4');
    // Committed offsets were respected on every rejoin: nothing was delivered twice.
    expect(deliveries).toHaveLength(PARTITIONS * 5 * 4);
    expect(new Set(deliveries.map((x) => x.value)).size).toBe(deliveries.length);
    expect(deliveries.filter((x) => x.value.startsWith('p4')).every((x) => x.member === 'd')).toBe(
      true,
    );

    await d.disconnect();
    await producer.disconnect();
    await admin.disconnect();
    expect(errors).toEqual([]);
  });
});

async function startMember(
  kafka: Kafka,
  name: string,
  groupId: string,
  topic: string,
  deliveries: Delivery[],
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, ...FAST_GROUP });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      deliveries.push({ member: name, partition, value: String(message.value) });
    },
  });
  return consumer;
}

/** member id → partitions, from DescribeGroups, once the group is Stable with `count` members. */
async function waitForMembers(admin: Admin, groupId: string, count: number) {
  let result = new Map<string, number[]>();
  await waitFor(`${count} stable members`, async () => {
    const { groups } = await admin.describeGroups([groupId]);
    if (groups[0].state !== 'Stable' || groups[0].members.length !== count) return false;
    result = await assignments(admin, groupId);
    return true;
  });
  return result;
}

async function assignments(admin: Admin, groupId: string): Promise<Map<string, number[]>> {
  const { groups } = await admin.describeGroups([groupId]);
  const byMember = new Map<string, number[]>();
  for (const member of groups[0].members) {
    const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    byMember.set(
      member.clientId + member.memberId,
      Object.values(decoded?.assignment ?? {}).flat(),
    );
  }
  const all = [...byMember.values()].flat().sort((x, y) => x - y);
  // Every partition has exactly one owner in this generation.
  expect(all).toEqual(Array.from({ length: PARTITIONS }, (_, i) => i));
  return byMember;
}

/** Within a phase every partition was read by exactly one member. */
function checkPhase(deliveries: Delivery[], phase: string, owners: Map<string, number[]>): void {
  const readers = new Map<number, Set<string>>();
  for (const d of deliveries.filter((x) => x.value.startsWith(`${phase}-`))) {
    readers.set(d.partition, (readers.get(d.partition) ?? new Set()).add(d.member));
  }
  expect([...readers.keys()].sort((x, y) => x - y)).toHaveLength(PARTITIONS);
  for (const members of readers.values()) expect(members.size).toBe(1);
  const memberCount = new Set([...readers.values()].flatMap((s) => [...s])).size;
  expect(memberCount).toBe(owners.size);
}

function countPhase(deliveries: Delivery[], phase: string): number {
  return deliveries.filter((x) => x.value.startsWith(`${phase}-`)).length;
}

/** Waits until the group's committed offsets reach the end of every partition. */
async function waitForCommits(admin: Admin, groupId: string, topic: string): Promise<void> {
  await waitFor('offsets committed', async () => {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return ends.every(
      (end) => committed.partitions.find((p) => p.partition === end.partition)?.offset === end.high,
    );
  });
}
