export interface OffsetCommitPartition {
  readonly partitionIndex: number;
  readonly committedOffset: number;
  readonly committedMetadata: string | null;
}

export interface OffsetCommitRequest {
  readonly groupId: string;
  /** -1 with an empty member id: a commit from outside any generation (admin, simple consumer). */
  readonly generationId: number;
  readonly memberId: string;
  readonly topics: { readonly name: string; readonly partitions: OffsetCommitPartition[] }[];
}

export interface OffsetCommitResponse {
  readonly throttleTimeMs: number;
  readonly topics: {
    readonly name: string;
    readonly partitions: { readonly partitionIndex: number; readonly errorCode: number }[];
  }[];
}
