/** Special timestamps: -1 = latest (next offset), -2 = earliest. */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface ListOffsetsRequest {
  readonly replicaId: number;
  readonly isolationLevel: number;
  readonly topics: {
    readonly name: string;
    readonly partitions: { readonly partitionIndex: number; readonly timestamp: number }[];
  }[];
}

export interface ListOffsetsPartitionResponse {
  readonly partitionIndex: number;
  readonly errorCode: number;
  readonly timestamp: number;
  readonly offset: number;
}

export interface ListOffsetsResponse {
  readonly throttleTimeMs: number;
  readonly topics: { readonly name: string; readonly partitions: ListOffsetsPartitionResponse[] }[];
}
