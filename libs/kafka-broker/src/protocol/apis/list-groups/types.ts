export type ListGroupsRequest = Record<string, never>;

export interface ListGroupsResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly groups: { readonly groupId: string; readonly protocolType: string }[];
}
