export interface ProducePartitionData {
  readonly index: number;
  readonly records: Buffer | null;
}

export interface ProduceRequest {
  readonly transactionalId: string | null;
  /** 0 = no response, 1 = leader, -1 = all in-sync replicas (the same thing on one node). */
  readonly acks: number;
  readonly timeoutMs: number;
  readonly topics: { readonly name: string; readonly partitions: ProducePartitionData[] }[];
}

export interface ProducePartitionResponse {
  readonly index: number;
  readonly errorCode: number;
  readonly baseOffset: number;
  readonly logAppendTimeMs: number;
  readonly logStartOffset: number;
}

export interface ProduceResponse {
  readonly topics: { readonly name: string; readonly partitions: ProducePartitionResponse[] }[];
  readonly throttleTimeMs: number;
}
