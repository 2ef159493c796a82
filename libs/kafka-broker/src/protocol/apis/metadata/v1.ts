// Metadata Request (Version: 1) => [topics] ; topics => name   (null array = all topics)
// Metadata Response (Version: 1) => [brokers] controller_id [topics]
//   brokers => node_id host rack ; topics => error_code name is_internal [partitions]
// Change from v0: nullable topic array, rack, controller_id and is_internal (KIP-4).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { MetadataRequest, MetadataResponse, MetadataTopic } from './types';
import { writePartition } from './v0';

export function decodeRequest(decoder: Decoder): MetadataRequest {
  return { topics: decoder.readNullableArray((d) => d.readString()), allowAutoTopicCreation: true };
}

export function encodeResponse(encoder: Encoder, body: MetadataResponse): void {
  writeBrokers(encoder, body);
  encoder.writeInt32(body.controllerId);
  writeTopics(encoder, body.topics, writePartition);
}

export function writeBrokers(encoder: Encoder, body: MetadataResponse): void {
  encoder.writeArray(body.brokers, (e, b) => {
    e.writeInt32(b.nodeId).writeString(b.host).writeInt32(b.port).writeNullableString(b.rack);
  });
}

export function writeTopics(
  encoder: Encoder,
  topics: MetadataTopic[],
  partition: (e: Encoder, p: MetadataTopic['partitions'][number]) => void,
): void {
  encoder.writeArray(topics, (e, topic) => {
    e.writeInt16(topic.errorCode).writeString(topic.name).writeBoolean(topic.isInternal);
    e.writeArray(topic.partitions, partition);
  });
}
