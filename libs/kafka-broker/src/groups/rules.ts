import type { ErrorType } from '../protocol/error-codes';
import {
  EMPTY,
  type JoinRequestData,
  type JoinResult,
  type Member,
  type SyncResult,
} from './types';

/** Why a JoinGroup must be refused before it touches the group, or null to accept it. */
export function checkJoin(
  request: JoinRequestData,
  protocolType: string,
  members: readonly Member[],
): ErrorType | null {
  if (request.groupId === '') return 'INVALID_GROUP_ID';
  if (request.sessionTimeoutMs <= 0) return 'INVALID_SESSION_TIMEOUT';
  if (request.memberId !== '' && !members.some((m) => m.memberId === request.memberId)) {
    return 'UNKNOWN_MEMBER_ID';
  }
  if (members.length === 0) return request.protocols.length ? null : 'INCONSISTENT_GROUP_PROTOCOL';
  if (request.protocolType !== protocolType) return 'INCONSISTENT_GROUP_PROTOCOL';
  // Every member must share at least one assignor with the newcomer.
  const others = members.filter((m) => m.memberId !== request.memberId);
  const names = request.protocols.map((p) => p.name);
  const shared = names.some((n) => others.every((m) => m.protocols.some((p) => p.name === n)));
  return shared ? null : 'INCONSISTENT_GROUP_PROTOCOL';
}

/** The first protocol, in the leader's order of preference, that every member supports. */
export function selectProtocol(leader: Member, members: readonly Member[]): string {
  const shared = leader.protocols.find((p) =>
    members.every((m) => m.protocols.some((q) => q.name === p.name)),
  );
  return shared?.name ?? leader.protocols[0]?.name ?? '';
}

interface Generation {
  readonly generationId: number;
  readonly protocol: string;
  readonly leaderId: string;
}

/** A successful JoinGroup answer; only the leader receives the members' metadata. */
export function joinOk(
  group: Generation,
  memberId: string,
  members: readonly Member[],
): JoinResult {
  return {
    error: 'NONE',
    generationId: group.generationId,
    protocolName: group.protocol,
    leader: group.leaderId,
    memberId,
    members: members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.protocols.find((p) => p.name === group.protocol)?.metadata ?? EMPTY,
    })),
  };
}

export function joinError(error: ErrorType, memberId: string): JoinResult {
  return { error, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
}

export function syncOk(assignment: Buffer): SyncResult {
  return { error: 'NONE', assignment };
}

export function syncError(error: ErrorType): SyncResult {
  return { error, assignment: EMPTY };
}
