// CreateTopics Request (Version: 0) => [topics] timeout_ms
//   topics => name num_partitions replication_factor [assignments] [configs]
//   assignments => partition_index [broker_ids] ; configs => name value
// CreateTopics Response (Version: 0) => [topics] ; topics => name error_code
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { CreatableTopic, CreateTopicsRequest, CreateTopicsResponse } from './types';

export function decodeRequest(decoder: Decoder): CreateTopicsRequest {
  const topics = decoder.readArray(decodeTopic);
  return { topics, timeoutMs: decoder.readInt32(), validateOnly: false };
}

export function decodeTopic(decoder: Decoder): CreatableTopic {
  return {
    name: decoder.readString(),
    numPartitions: decoder.readInt32(),
    replicationFactor: decoder.readInt16(),
    assignments: decoder.readArray((a) => ({
      partitionIndex: a.readInt32(),
      brokerIds: a.readArray((b) => b.readInt32()),
    })),
    configs: decoder.readArray((c) => ({ name: c.readString(), value: c.readNullableString() })),
  };
}

export function encodeResponse(encoder: Encoder, body: CreateTopicsResponse): void {
  encoder.writeArray(body.topics, (e, t) => e.writeString(t.name).writeInt16(t.errorCode));
}
