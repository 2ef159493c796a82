import type { OffsetStore } from '../log/offset-store';
import type { ErrorType } from '../protocol/error-codes';
import { Group } from './group';
import { joinError } from './rules';
import type { GroupSummary, JoinRequestData, JoinResult, SyncResult } from './types';

export interface GroupCoordinatorOptions {
  /** Wait this long after the first member joins an empty group before the first generation. */
  readonly initialRebalanceDelayMs: number;
  /** How often session and rebalance timeouts are checked. */
  readonly tickMs: number;
  /** group.min.session.timeout.ms / group.max.session.timeout.ms: JoinGroup bounds. */
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
}

export interface OffsetCommitItem {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly metadata: string | null;
}

/**
 * The single node's group coordinator: owns every group, routes requests to it, checks
 * timeouts on a timer and stores committed offsets after the group accepts the commit.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly offsets: OffsetStore,
    private readonly options: GroupCoordinatorOptions,
    private readonly onError: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.tick(), options.tickMs);
    this.timer.unref();
  }

  join(request: JoinRequestData): Promise<JoinResult> {
    // Checked before the group exists, as Kafka does: a refused join creates nothing.
    const { minSessionTimeoutMs: min, maxSessionTimeoutMs: max } = this.options;
    if (request.sessionTimeoutMs < min || request.sessionTimeoutMs > max) {
      return Promise.resolve(joinError('INVALID_SESSION_TIMEOUT', request.memberId));
    }
    return this.group(request.groupId, true).join(request, this.now());
  }

  sync(groupId: string, memberId: string, generation: number, assignments: Map<string, Buffer>) {
    const group = this.groups.get(groupId);
    if (!group)
      return Promise.resolve<SyncResult>({
        error: 'UNKNOWN_MEMBER_ID',
        assignment: Buffer.alloc(0),
      });
    return group.sync(memberId, generation, assignments, this.now());
  }

  heartbeat(groupId: string, memberId: string, generationId: number): ErrorType {
    return (
      this.groups.get(groupId)?.heartbeat(memberId, generationId, this.now()) ?? 'UNKNOWN_MEMBER_ID'
    );
  }

  leave(groupId: string, memberId: string): ErrorType {
    return this.groups.get(groupId)?.leave(memberId, this.now()) ?? 'UNKNOWN_MEMBER_ID';
  }

  /** Validates the commit against the group's generation, then stores every offset. */
  commit(
    groupId: string,
    memberId: string,
    generationId: number,
    items: OffsetCommitItem[],
  ): ErrorType {
    if (groupId === '') return 'INVALID_GROUP_ID';
    const group = this.groups.get(groupId);
    // An unknown group (e.g. after a restart: membership is not persisted) accepts only
    // "simple" commits without a generation (kafkajs admin.setOffsets, manual assignment);
    // a member of some past generation gets ILLEGAL_GENERATION and rejoins, as from Kafka
    // before OffsetCommit v9, instead of overwriting offsets as a zombie.
    const error = group
      ? group.checkCommit(memberId, generationId)
      : generationId < 0
        ? 'NONE'
        : 'ILLEGAL_GENERATION';
    if (error !== 'NONE') return error;
    for (const item of items) {
      const value = { offset: item.offset, metadata: item.metadata };
      this.offsets.commit(groupId, item.topic, item.partition, value);
    }
    return 'NONE';
  }

  committed(groupId: string, topic: string, partition: number) {
    return this.offsets.get(groupId, topic, partition);
  }

  committedEntries(groupId: string) {
    return this.offsets.entries(groupId);
  }

  /** DeleteGroups: only groups without members; their committed offsets go too. */
  deleteGroup(groupId: string): ErrorType {
    const group = this.groups.get(groupId);
    if (group && group.members.size > 0) return 'NON_EMPTY_GROUP';
    if (!group && !this.offsets.groupIds().includes(groupId)) return 'GROUP_ID_NOT_FOUND';
    this.groups.delete(groupId);
    this.offsets.deleteGroup(groupId);
    return 'NONE';
  }

  /** Drops committed offsets of a deleted topic. */
  forgetTopic(topic: string): void {
    this.offsets.deleteTopic(topic);
  }

  /** A group known only from committed offsets (e.g. after a restart) is Empty, as in Kafka. */
  describe(groupId: string): GroupSummary | undefined {
    const group = this.groups.get(groupId);
    if (group) return group.summary();
    if (!this.offsets.groupIds().includes(groupId)) return undefined;
    return { groupId, state: 'Empty', protocolType: 'consumer', protocol: '', members: [] };
  }

  /** Active groups plus groups that only have committed offsets (reported as Empty). */
  list(): { groupId: string; protocolType: string }[] {
    const listed = new Map<string, string>();
    for (const id of this.offsets.groupIds()) listed.set(id, 'consumer');
    for (const group of this.groups.values())
      listed.set(group.groupId, group.protocolType || 'consumer');
    return [...listed].map(([groupId, protocolType]) => ({ groupId, protocolType }));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private group(groupId: string, create: boolean): Group {
    let group = this.groups.get(groupId);
    if (!group && create) {
      group = new Group(groupId, this.options.initialRebalanceDelayMs);
      this.groups.set(groupId, group);
    }
    return group as Group;
  }

  private tick(): void {
    const now = this.now();
    for (const group of this.groups.values()) {
      // A timer callback that throws would take the whole process down; log and go on.
      try {
        group.tick(now);
      } catch (error) {
        this.onError(
          `group ${group.groupId} tick failed: ${(error as Error).stack ?? String(error)}`,
        );
      }
    }
  }
}
