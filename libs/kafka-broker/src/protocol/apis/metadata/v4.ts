// Metadata Request (Version: 4) => [topics] allow_auto_topic_creation ; topics => name
// Metadata Response (Version: 4) => throttle_time_ms [brokers] cluster_id controller_id [topics]
// Change from v3: the client chooses whether a lookup may create topics (KIP-204).
import type { Decoder } from '../../decoder';
import type { MetadataRequest } from './types';
import * as v3 from './v3';

export function decodeRequest(decoder: Decoder): MetadataRequest {
  const topics = decoder.readNullableArray((d) => d.readString());
  return { topics, allowAutoTopicCreation: decoder.readBoolean() };
}

export const encodeResponse = v3.encodeResponse;
