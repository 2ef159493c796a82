export interface DeleteTopicsRequest {
  readonly topicNames: string[];
  readonly timeoutMs: number;
}

export interface DeleteTopicsResponse {
  readonly throttleTimeMs: number;
  readonly responses: { readonly name: string; readonly errorCode: number }[];
}
