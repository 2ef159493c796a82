import { randomUUID } from 'node:crypto';
import type { ErrorType } from '../protocol/error-codes';
import { checkJoin, joinError, joinOk, selectProtocol, syncError, syncOk } from './rules';
import {
  EMPTY,
  type GroupState,
  type GroupSummary,
  type JoinRequestData,
  type JoinResult,
  type Member,
  type SyncResult,
} from './types';

/**
 * One consumer group's membership state machine, after Kafka's GroupCoordinator:
 * Empty → PreparingRebalance (members (re)join; the JoinGroup answer waits) →
 * CompletingRebalance (leader assigns in SyncGroup) → Stable. Any join, leave or expiry of a
 * member starts the next generation; stale members learn it through REBALANCE_IN_PROGRESS,
 * ILLEGAL_GENERATION or UNKNOWN_MEMBER_ID and rejoin.
 */
export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType = '';
  protocol = '';
  leaderId = '';
  readonly members = new Map<string, Member>();
  private rebalanceDeadline = 0;
  private joinNotBefore = 0;

  constructor(
    readonly groupId: string,
    private readonly initialRebalanceDelayMs: number,
  ) {}

  join(request: JoinRequestData, now: number): Promise<JoinResult> {
    const refused = checkJoin(request, this.protocolType, [...this.members.values()]);
    if (refused) return Promise.resolve(joinError(refused, request.memberId));
    const member = this.upsertMember(request, now);
    return new Promise((resolve) => {
      member.joinWaiter = resolve;
      if (this.state !== 'PreparingRebalance') this.prepareRebalance(now);
      this.tryCompleteJoin(now);
    });
  }

  sync(memberId: string, generationId: number, assignments: Map<string, Buffer>, now: number) {
    const member = this.members.get(memberId);
    if (!member) return Promise.resolve(syncError('UNKNOWN_MEMBER_ID'));
    if (generationId !== this.generationId) return Promise.resolve(syncError('ILLEGAL_GENERATION'));
    if (this.state === 'PreparingRebalance') {
      return Promise.resolve(syncError('REBALANCE_IN_PROGRESS'));
    }
    member.lastHeartbeat = now;
    if (this.state === 'Stable') return Promise.resolve(syncOk(member.assignment));
    return new Promise<SyncResult>((resolve) => {
      member.syncWaiter = resolve;
      if (memberId === this.leaderId) this.completeSync(assignments);
    });
  }

  heartbeat(memberId: string, generationId: number, now: number): ErrorType {
    const member = this.members.get(memberId);
    if (!member) return 'UNKNOWN_MEMBER_ID';
    // Kafka checks the generation before the state: a member of an older generation must
    // rejoin, whether or not a rebalance is under way (GroupCoordinator.handleHeartbeat).
    if (generationId !== this.generationId) return 'ILLEGAL_GENERATION';
    member.lastHeartbeat = now;
    return this.state === 'PreparingRebalance' ? 'REBALANCE_IN_PROGRESS' : 'NONE';
  }

  leave(memberId: string, now: number): ErrorType {
    const member = this.members.get(memberId);
    if (!member) return 'UNKNOWN_MEMBER_ID';
    this.removeMember(member, now);
    return 'NONE';
  }

  /** Whether a member may commit offsets now (Kafka's doCommitOffsets rules). */
  checkCommit(memberId: string, generationId: number): ErrorType {
    if (generationId < 0 && memberId === '' && this.members.size === 0) return 'NONE';
    if (!this.members.has(memberId)) return 'UNKNOWN_MEMBER_ID';
    if (generationId !== this.generationId) return 'ILLEGAL_GENERATION';
    return this.state === 'CompletingRebalance' ? 'REBALANCE_IN_PROGRESS' : 'NONE';
  }

  /** Expires silent members and finishes rebalances whose deadline passed; called on a timer. */
  tick(now: number): void {
    for (const member of [...this.members.values()]) {
      const silent = now - member.lastHeartbeat > member.sessionTimeoutMs;
      if (silent && !member.joinWaiter) this.removeMember(member, now);
    }
    if (this.state !== 'PreparingRebalance') return;
    if (now >= this.rebalanceDeadline) {
      for (const member of [...this.members.values()]) {
        if (!member.joinWaiter) this.members.delete(member.memberId);
      }
    }
    this.tryCompleteJoin(now);
  }

  summary(): GroupSummary {
    const { groupId, state, protocolType, protocol } = this;
    return { groupId, state, protocolType, protocol, members: [...this.members.values()] };
  }

  private upsertMember(request: JoinRequestData, now: number): Member {
    if (this.members.size === 0) this.protocolType = request.protocolType;
    const existing = this.members.get(request.memberId);
    const member: Member = existing ?? {
      memberId: `${request.clientId || 'member'}-${randomUUID()}`,
      groupInstanceId: request.groupInstanceId,
      clientId: request.clientId,
      clientHost: request.clientHost,
      sessionTimeoutMs: 0,
      rebalanceTimeoutMs: 0,
      protocols: [],
      assignment: EMPTY,
      lastHeartbeat: now,
      joinWaiter: null,
      syncWaiter: null,
    };
    member.sessionTimeoutMs = request.sessionTimeoutMs;
    member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
    member.protocols = request.protocols;
    member.lastHeartbeat = now;
    member.joinWaiter?.(joinError('UNKNOWN_MEMBER_ID', member.memberId));
    this.members.set(member.memberId, member);
    return member;
  }

  private prepareRebalance(now: number): void {
    for (const member of this.members.values()) {
      member.syncWaiter?.(syncError('REBALANCE_IN_PROGRESS'));
      member.syncWaiter = null;
    }
    // Like group.initial.rebalance.delay.ms: a new group waits a little for more members.
    if (this.state === 'Empty') this.joinNotBefore = now + this.initialRebalanceDelayMs;
    const timeouts = [...this.members.values()].map((m) => m.rebalanceTimeoutMs);
    this.rebalanceDeadline = now + Math.max(0, ...timeouts);
    this.state = 'PreparingRebalance';
  }

  private tryCompleteJoin(now: number): void {
    if (this.state !== 'PreparingRebalance') return;
    const members = [...this.members.values()];
    if (members.length === 0) return this.becomeEmpty();
    if (now < this.joinNotBefore || members.some((m) => !m.joinWaiter)) return;
    this.generationId += 1;
    this.protocol = selectProtocol(this.members.get(this.leaderId) ?? members[0], members);
    if (!this.members.has(this.leaderId)) this.leaderId = members[0].memberId;
    this.state = 'CompletingRebalance';
    for (const member of members) {
      const waiter = member.joinWaiter;
      member.joinWaiter = null;
      member.lastHeartbeat = now;
      member.assignment = EMPTY;
      const listed = member.memberId === this.leaderId ? members : [];
      waiter?.(joinOk(this, member.memberId, listed));
    }
  }

  private completeSync(assignments: Map<string, Buffer>): void {
    this.state = 'Stable';
    for (const member of this.members.values()) {
      member.assignment = assignments.get(member.memberId) ?? EMPTY;
      member.syncWaiter?.(syncOk(member.assignment));
      member.syncWaiter = null;
    }
  }

  private removeMember(member: Member, now: number): void {
    this.members.delete(member.memberId);
    member.joinWaiter?.(joinError('UNKNOWN_MEMBER_ID', member.memberId));
    member.syncWaiter?.(syncError('UNKNOWN_MEMBER_ID'));
    if (this.state !== 'PreparingRebalance') this.prepareRebalance(now);
    this.tryCompleteJoin(now);
  }

  private becomeEmpty(): void {
    this.state = 'Empty';
    this.generationId += 1;
    this.protocol = '';
    this.leaderId = '';
  }
}
