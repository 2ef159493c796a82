// OffsetFetch Request (Version: 1) => group_id [topics] ; topics => name [partition_indexes]
// OffsetFetch Response (Version: 1) => [topics]
//   topics => name [partitions] ; partitions => partition_index committed_offset metadata error_code
// v1 reads offsets stored by the broker (v0 read ZooKeeper).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { OffsetFetchRequest, OffsetFetchResponse } from './types';

export function decodeRequest(decoder: Decoder): OffsetFetchRequest {
  const groupId = decoder.readString();
  const topics = decoder.readNullableArray((t) => ({
    name: t.readString(),
    partitionIndexes: t.readArray((p) => p.readInt32()),
  }));
  return { groupId, topics };
}

export function encodeResponse(encoder: Encoder, body: OffsetFetchResponse): void {
  encoder.writeArray(body.topics, (e, topic) => {
    e.writeString(topic.name).writeArray(topic.partitions, (pe, p) => {
      pe.writeInt32(p.partitionIndex).writeInt64(p.committedOffset);
      pe.writeNullableString(p.metadata).writeInt16(p.errorCode);
    });
  });
}
