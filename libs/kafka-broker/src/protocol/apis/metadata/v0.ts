// Metadata Request (Version: 0) => [topics] ; topics => name
// Metadata Response (Version: 0) => [brokers] [topics]
//   brokers => node_id host port ; topics => error_code name [partitions]
//   partitions => error_code partition_index leader_id [replica_nodes] [isr_nodes]
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { MetadataPartition, MetadataRequest, MetadataResponse } from './types';

export function decodeRequest(decoder: Decoder): MetadataRequest {
  const topics = decoder.readArray((d) => d.readString());
  return { topics: topics.length === 0 ? null : topics, allowAutoTopicCreation: true };
}

export function encodeResponse(encoder: Encoder, body: MetadataResponse): void {
  encoder.writeArray(body.brokers, (e, b) =>
    e.writeInt32(b.nodeId).writeString(b.host).writeInt32(b.port),
  );
  encoder.writeArray(body.topics, (e, topic) => {
    e.writeInt16(topic.errorCode).writeString(topic.name);
    e.writeArray(topic.partitions, (pe, p) => writePartition(pe, p));
  });
}

/** Partition fields common to v0..v4. */
export function writePartition(encoder: Encoder, p: MetadataPartition): Encoder {
  return encoder
    .writeInt16(p.errorCode)
    .writeInt32(p.partitionIndex)
    .writeInt32(p.leaderId)
    .writeArray(p.replicaNodes, (e, id) => e.writeInt32(id))
    .writeArray(p.isrNodes, (e, id) => e.writeInt32(id));
}
