// JoinGroup Request (Version: 5) => group_id session_timeout_ms rebalance_timeout_ms member_id group_instance_id protocol_type [protocols]
// JoinGroup Response (Version: 5) => throttle_time_ms error_code generation_id protocol_name leader member_id [members]
//   members => member_id group_instance_id metadata
// Change from v4: group_instance_id for static membership (KIP-345).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { JoinGroupRequest, JoinGroupResponse } from './types';
import { decodeWithRebalanceTimeout } from './v1';
import { encodeBody } from './v0';

export function decodeRequest(decoder: Decoder): JoinGroupRequest {
  return decodeWithRebalanceTimeout(decoder, true);
}

export function encodeResponse(encoder: Encoder, body: JoinGroupResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  encodeBody(encoder, body, true);
}
