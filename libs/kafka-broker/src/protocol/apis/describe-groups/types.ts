export interface DescribeGroupsRequest {
  readonly groups: string[];
}

export interface DescribedMember {
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  readonly memberMetadata: Buffer;
  readonly memberAssignment: Buffer;
}

export interface DescribedGroup {
  readonly errorCode: number;
  readonly groupId: string;
  readonly groupState: string;
  readonly protocolType: string;
  readonly protocolData: string;
  readonly members: DescribedMember[];
}

export interface DescribeGroupsResponse {
  readonly throttleTimeMs: number;
  readonly groups: DescribedGroup[];
}
