import type { ErrorType } from '../protocol/error-codes';

/** Kafka's group states (GroupMetadata.scala), with the names DescribeGroups reports. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

export interface Protocol {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinRequestData {
  readonly groupId: string;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly Protocol[];
  readonly clientId: string;
  readonly clientHost: string;
}

export interface JoinResult {
  readonly error: ErrorType;
  readonly generationId: number;
  readonly protocolName: string;
  readonly leader: string;
  readonly memberId: string;
  readonly members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  readonly error: ErrorType;
  readonly assignment: Buffer;
}

export interface Member {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: readonly Protocol[];
  assignment: Buffer;
  lastHeartbeat: number;
  joinWaiter: ((result: JoinResult) => void) | null;
  syncWaiter: ((result: SyncResult) => void) | null;
}

export interface GroupSummary {
  readonly groupId: string;
  readonly state: GroupState;
  readonly protocolType: string;
  readonly protocol: string;
  readonly members: readonly Member[];
}

export const EMPTY = Buffer.alloc(0);
