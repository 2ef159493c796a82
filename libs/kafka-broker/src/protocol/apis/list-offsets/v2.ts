// ListOffsets Request (Version: 2) => replica_id isolation_level [topics]
// ListOffsets Response (Version: 2) => throttle_time_ms [topics]
// Change from v1: isolation_level (KIP-98) and throttle_time_ms.
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { ListOffsetsRequest, ListOffsetsResponse } from './types';
import * as v1 from './v1';

export function decodeRequest(decoder: Decoder): ListOffsetsRequest {
  const replicaId = decoder.readInt32();
  const isolationLevel = decoder.readInt8();
  return { replicaId, isolationLevel, topics: v1.decodeTopics(decoder) };
}

export function encodeResponse(encoder: Encoder, body: ListOffsetsResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  v1.encodeResponse(encoder, body);
}
