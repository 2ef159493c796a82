// DeleteTopics Request (Version: 0) => [topic_names] timeout_ms
// DeleteTopics Response (Version: 0) => [responses] ; responses => name error_code
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { DeleteTopicsRequest, DeleteTopicsResponse } from './types';

export function decodeRequest(decoder: Decoder): DeleteTopicsRequest {
  const topicNames = decoder.readArray((d) => d.readString());
  return { topicNames, timeoutMs: decoder.readInt32() };
}

export function encodeResponse(encoder: Encoder, body: DeleteTopicsResponse): void {
  encoder.writeArray(body.responses, (e, r) => e.writeString(r.name).writeInt16(r.errorCode));
}
