import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { StickyAssignment, type TopicPartitions } from '@bulwark/messaging/kafka';
import { PartitionAssigners, type Consumer, type PartitionAssigner } from 'kafkajs';
import { FAST_GROUP, kafkaFor, startBroker } from './support/kafka';
import { waitFor } from '../../support/wait-for';

const TOPIC = 'rebalance.orders';
const PARTITIONS = 12;

/** An assigner plus, for the sticky one, the hook that lets it remember the member's share. */
interface Strategy {
  readonly assigner: PartitionAssigner;
  readonly attach?: (consumer: Consumer) => void;
}

interface Member {
  readonly consumer: Consumer;
  assignment: number[];
}

describe('Kafka messaging > rebalance when a 4th consumer joins 3 on 12 partitions', () => {
  let broker: EmbeddedKafka;

  beforeAll(async () => {
    broker = await startBroker();
    const admin = kafkaFor(broker.brokers).admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: TOPIC, numPartitions: PARTITIONS }],
      waitForLeaders: true,
    });
    await admin.disconnect();
  });

  afterAll(() => broker.stop());

  /** Starts 3 members, waits for a stable split, adds a 4th, returns how many partitions moved. */
  async function movedOnJoin(groupId: string, strategy: () => Strategy): Promise<number> {
    const members: Member[] = [];
    const join = async () => {
      const { assigner, attach } = strategy();
      const consumer = kafkaFor(broker.brokers).consumer({
        groupId,
        ...FAST_GROUP,
        maxWaitTimeInMs: 200,
        partitionAssigners: [assigner],
      });
      attach?.(consumer);
      const m: Member = { consumer, assignment: [] };
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        m.assignment = (e.payload.memberAssignment as TopicPartitions)[TOPIC] ?? [];
      });
      members.push(m);
      await consumer.connect();
      await consumer.subscribe({ topics: [TOPIC] });
      await consumer.run({ eachMessage: async () => undefined });
    };
    const stable = (n: number) => () => {
      const all = members.flatMap((m) => m.assignment);
      return (
        members.length === n &&
        all.length === PARTITIONS &&
        new Set(all).size === PARTITIONS &&
        members.every((m) => m.assignment.length === PARTITIONS / n)
      );
    };
    try {
      for (let i = 0; i < 3; i++) await join();
      await waitFor('3 members with 4 partitions each', stable(3));
      const before = members.map((m) => [...m.assignment]);
      await join();
      await waitFor('4 members with 3 partitions each', stable(4));
      return before.reduce(
        (n, owned, i) => n + owned.filter((p) => !members[i].assignment.includes(p)).length,
        0,
      );
    } finally {
      await Promise.all(members.map((m) => m.consumer.disconnect()));
    }
  }

  it('should move only the newcomer share with the sticky assigner, far less than round-robin', async () => {
    const sticky = await movedOnJoin('rebalance-sticky', () => {
      const state = new StickyAssignment();
      return { assigner: state.assigner, attach: (c) => state.attach(c) };
    });
    const roundRobin = await movedOnJoin('rebalance-rr', () => ({
      assigner: PartitionAssigners.roundRobin,
    }));
    process.stdout.write(
      `rebalance 3→4 on ${PARTITIONS} partitions: sticky moved ${sticky}, round-robin moved ${roundRobin}\n`,
    );
    expect(sticky).toBe(3);
    expect(roundRobin).toBeGreaterThan(sticky);
  });
});
