export interface DeleteGroupsRequest {
  readonly groupsNames: string[];
}

export interface DeleteGroupsResponse {
  readonly throttleTimeMs: number;
  readonly results: { readonly groupId: string; readonly errorCode: number }[];
}
