// ListOffsets Request (Version: 1) => replica_id [topics]
//   topics => name [partitions] ; partitions => partition_index timestamp
// ListOffsets Response (Version: 1) => [topics]
//   topics => name [partitions] ; partitions => partition_index error_code timestamp offset
// v1 replaced v0's offset lists with one offset per timestamp (KIP-79).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { ListOffsetsRequest, ListOffsetsResponse } from './types';

export function decodeRequest(decoder: Decoder): ListOffsetsRequest {
  return { replicaId: decoder.readInt32(), isolationLevel: 0, topics: decodeTopics(decoder) };
}

export function decodeTopics(decoder: Decoder): ListOffsetsRequest['topics'] {
  return decoder.readArray((t) => ({
    name: t.readString(),
    partitions: t.readArray((p) => ({ partitionIndex: p.readInt32(), timestamp: p.readInt64() })),
  }));
}

export function encodeResponse(encoder: Encoder, body: ListOffsetsResponse): void {
  encoder.writeArray(body.topics, (e, topic) => {
    e.writeString(topic.name).writeArray(topic.partitions, (pe, p) => {
      pe.writeInt32(p.partitionIndex).writeInt16(p.errorCode);
      pe.writeInt64(p.timestamp).writeInt64(p.offset);
    });
  });
}
