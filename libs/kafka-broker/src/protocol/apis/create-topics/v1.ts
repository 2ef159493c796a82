// CreateTopics Request (Version: 1) => [topics] timeout_ms validate_only
// CreateTopics Response (Version: 1) => [topics] ; topics => name error_code error_message
// Change from v0: validate_only and error_message (KIP-108).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { CreateTopicsRequest, CreateTopicsResponse } from './types';
import { decodeTopic } from './v0';

export function decodeRequest(decoder: Decoder): CreateTopicsRequest {
  const topics = decoder.readArray(decodeTopic);
  const timeoutMs = decoder.readInt32();
  return { topics, timeoutMs, validateOnly: decoder.readBoolean() };
}

export function encodeResponse(encoder: Encoder, body: CreateTopicsResponse): void {
  encoder.writeArray(body.topics, (e, t) => {
    e.writeString(t.name).writeInt16(t.errorCode).writeNullableString(t.errorMessage);
  });
}
