export interface MetadataRequest {
  /** null = all topics (v1+; an empty array means all in v0). */
  readonly topics: string[] | null;
  readonly allowAutoTopicCreation: boolean;
}

export interface MetadataBroker {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface MetadataPartition {
  readonly errorCode: number;
  readonly partitionIndex: number;
  readonly leaderId: number;
  readonly replicaNodes: number[];
  readonly isrNodes: number[];
  readonly offlineReplicas: number[];
}

export interface MetadataTopic {
  readonly errorCode: number;
  readonly name: string;
  readonly isInternal: boolean;
  readonly partitions: MetadataPartition[];
}

export interface MetadataResponse {
  readonly throttleTimeMs: number;
  readonly brokers: MetadataBroker[];
  readonly clusterId: string | null;
  readonly controllerId: number;
  readonly topics: MetadataTopic[];
}
