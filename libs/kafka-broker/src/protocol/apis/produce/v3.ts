// Produce Request (Version: 3) => transactional_id acks timeout_ms [topic_data]
//   topic_data => name [partition_data] ; partition_data => index records
// Produce Response (Version: 3) => [responses] throttle_time_ms
//   responses => name [partition_responses]
//   partition_responses => index error_code base_offset log_append_time_ms
// v3 is the first version carrying RecordBatch v2 and transactional_id (KIP-98).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { ProducePartitionResponse, ProduceRequest, ProduceResponse } from './types';

export function decodeRequest(decoder: Decoder): ProduceRequest {
  return {
    transactionalId: decoder.readNullableString(),
    acks: decoder.readInt16(),
    timeoutMs: decoder.readInt32(),
    topics: decoder.readArray((t) => ({
      name: t.readString(),
      partitions: t.readArray((p) => ({ index: p.readInt32(), records: p.readNullableBytes() })),
    })),
  };
}

export function encodeResponse(encoder: Encoder, body: ProduceResponse): void {
  encodeWith(encoder, body, () => undefined);
}

/** Shared response writer; later versions append fields per partition through `extra`. */
export function encodeWith(
  encoder: Encoder,
  body: ProduceResponse,
  extra: (e: Encoder, p: ProducePartitionResponse) => void,
): void {
  encoder.writeArray(body.topics, (e, topic) => {
    e.writeString(topic.name).writeArray(topic.partitions, (pe, p) => {
      pe.writeInt32(p.index).writeInt16(p.errorCode).writeInt64(p.baseOffset);
      pe.writeInt64(p.logAppendTimeMs);
      extra(pe, p);
    });
  });
  encoder.writeInt32(body.throttleTimeMs);
}
