export interface CreatableTopic {
  readonly name: string;
  /** -1 = the broker default. */
  readonly numPartitions: number;
  readonly replicationFactor: number;
  /** Manual replica assignment; its length gives the partition count when present. */
  readonly assignments: { readonly partitionIndex: number; readonly brokerIds: number[] }[];
  readonly configs: { readonly name: string; readonly value: string | null }[];
}

export interface CreateTopicsRequest {
  readonly topics: CreatableTopic[];
  readonly timeoutMs: number;
  readonly validateOnly: boolean;
}

export interface CreateTopicsResponse {
  readonly throttleTimeMs: number;
  readonly topics: {
    readonly name: string;
    readonly errorCode: number;
    readonly errorMessage: string | null;
  }[];
}
