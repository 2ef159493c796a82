// FindCoordinator Request (Version: 1) => key key_type
// FindCoordinator Response (Version: 1) => throttle_time_ms error_code error_message node_id host port
// Change from v0: key_type for transaction coordinators (KIP-98), throttle and error_message.
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from './types';
import { writeNode } from './v0';

export function decodeRequest(decoder: Decoder): FindCoordinatorRequest {
  return { key: decoder.readString(), keyType: decoder.readInt8() };
}

export function encodeResponse(encoder: Encoder, body: FindCoordinatorResponse): void {
  encoder.writeInt32(body.throttleTimeMs).writeInt16(body.errorCode);
  encoder.writeNullableString(body.errorMessage);
  writeNode(encoder, body);
}
