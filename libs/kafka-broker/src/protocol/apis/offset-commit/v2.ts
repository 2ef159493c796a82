// OffsetCommit Request (Version: 2) => group_id generation_id member_id retention_time_ms [topics]
//   topics => name [partitions] ; partitions => partition_index committed_offset committed_metadata
// OffsetCommit Response (Version: 2) => [topics]
//   topics => name [partitions] ; partitions => partition_index error_code
// Starts here: v0 (ZooKeeper storage) and v1 (per-partition timestamps) are not offered.
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { OffsetCommitRequest, OffsetCommitResponse } from './types';

export function decodeRequest(decoder: Decoder): OffsetCommitRequest {
  return decodeWith(decoder, true);
}

export function decodeWith(decoder: Decoder, retentionTime: boolean): OffsetCommitRequest {
  const groupId = decoder.readString();
  const generationId = decoder.readInt32();
  const memberId = decoder.readString();
  if (retentionTime) decoder.readInt64(); // retention is unlimited on this broker
  const topics = decoder.readArray((t) => ({
    name: t.readString(),
    partitions: t.readArray((p) => ({
      partitionIndex: p.readInt32(),
      committedOffset: p.readInt64(),
      committedMetadata: p.readNullableString(),
    })),
  }));
  return { groupId, generationId, memberId, topics };
}

export function encodeResponse(encoder: Encoder, body: OffsetCommitResponse): void {
  encoder.writeArray(body.topics, (e, topic) => {
    e.writeString(topic.name).writeArray(topic.partitions, (pe, p) => {
      pe.writeInt32(p.partitionIndex).writeInt16(p.errorCode);
    });
  });
}
