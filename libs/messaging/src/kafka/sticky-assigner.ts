import {
  AssignerProtocol,
  type Consumer,
  type GroupMember,
  type GroupMemberAssignment,
  type PartitionAssigner,
} from 'kafkajs';
import { assignSticky, type StickyMember, type TopicPartitions } from './sticky-assignment';

/** Protocol name; all members of a group must offer it for the coordinator to choose it. */
export const STICKY_ASSIGNER_NAME = 'BulwarkSticky';

/**
 * A sticky partition assigner for kafkajs. Hand-written because kafkajs 2.2 ships only round-robin,
 * which reshuffles most partitions whenever a member joins or leaves (every in-flight batch is
 * abandoned and re-fetched). Each member sends what it owns in the join's `userData`; the leader
 * runs {@link assignSticky}. One instance per consumer: it remembers that member's assignment.
 * @example
 * ```ts
 * const sticky = new StickyAssignment();
 * const consumer = kafka.consumer({ groupId, partitionAssigners: [sticky.assigner] });
 * sticky.attach(consumer);
 * ```
 * @publicApi
 */
export class StickyAssignment {
  private current: TopicPartitions = {};

  /** The kafkajs assigner to put in `partitionAssigners`. */
  readonly assigner: PartitionAssigner = ({ cluster }) => ({
    name: STICKY_ASSIGNER_NAME,
    version: 0,
    protocol: ({ topics }) => ({
      name: STICKY_ASSIGNER_NAME,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics,
        userData: Buffer.from(JSON.stringify(this.current)),
      }),
    }),
    assign: async ({ members, topics }) => {
      const partitions = new Map(
        topics.map((t) => [t, cluster.findTopicPartitionMetadata(t).map((m) => m.partitionId)]),
      );
      const result = assignSticky(members.map(decodeMember), partitions);
      return [...result].map(([memberId, assignment]): GroupMemberAssignment => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment,
          userData: Buffer.alloc(0),
        }),
      }));
    },
  });

  /** Records this member's assignment after every join, so the next join can offer it. */
  attach(consumer: Consumer): void {
    consumer.on(consumer.events.GROUP_JOIN, (event) =>
      this.remember(event.payload.memberAssignment),
    );
  }

  /** What this member owns now (as of its last join). */
  get assignment(): Readonly<TopicPartitions> {
    return this.current;
  }

  remember(assignment: Readonly<TopicPartitions>): void {
    this.current = Object.fromEntries(Object.entries(assignment).map(([t, ps]) => [t, [...ps]]));
  }
}

function decodeMember(member: GroupMember): StickyMember {
  const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
  let previous: TopicPartitions = {};
  try {
    const raw = metadata?.userData?.length ? metadata.userData.toString('utf8') : '{}';
    previous = JSON.parse(raw) as TopicPartitions;
  } catch {
    // A member running another assigner version: treat it as owning nothing.
  }
  return { memberId: member.memberId, topics: metadata?.topics ?? [], previous };
}
