// JoinGroup Request (Version: 2) => group_id session_timeout_ms rebalance_timeout_ms member_id protocol_type [protocols]
// JoinGroup Response (Version: 2) => throttle_time_ms error_code generation_id protocol_name leader member_id [members]
// Change from v1: throttle_time_ms first in the response.
import type { Encoder } from '../../encoder';
import type { JoinGroupResponse } from './types';
import * as v1 from './v1';
import { encodeBody } from './v0';

export const decodeRequest = v1.decodeRequest;

export function encodeResponse(encoder: Encoder, body: JoinGroupResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  encodeBody(encoder, body, false);
}
