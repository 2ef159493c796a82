export interface LeaveGroupRequest {
  readonly groupId: string;
  /** v0-v2 carry one member; v3 a batch (KIP-345). */
  readonly members: { readonly memberId: string; readonly groupInstanceId: string | null }[];
}

export interface LeaveGroupResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly members: {
    readonly memberId: string;
    readonly groupInstanceId: string | null;
    readonly errorCode: number;
  }[];
}
