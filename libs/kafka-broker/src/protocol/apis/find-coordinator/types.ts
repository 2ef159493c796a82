export interface FindCoordinatorRequest {
  readonly key: string;
  /** 0 = consumer group, 1 = transaction. */
  readonly keyType: number;
}

export interface FindCoordinatorResponse {
  readonly throttleTimeMs: number;
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}
