export interface OffsetFetchRequest {
  readonly groupId: string;
  /** null (v2+) = every partition the group has committed. */
  readonly topics: { readonly name: string; readonly partitionIndexes: number[] }[] | null;
}

export interface OffsetFetchPartition {
  readonly partitionIndex: number;
  /** -1 when nothing is committed. */
  readonly committedOffset: number;
  readonly metadata: string | null;
  readonly errorCode: number;
}

export interface OffsetFetchResponse {
  readonly throttleTimeMs: number;
  readonly topics: { readonly name: string; readonly partitions: OffsetFetchPartition[] }[];
  readonly errorCode: number;
}
