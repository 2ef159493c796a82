// LeaveGroup Request (Version: 1) => group_id member_id
// LeaveGroup Response (Version: 1) => throttle_time_ms error_code
// Change from v0: throttle_time_ms first in the response.
import type { Encoder } from '../../encoder';
import type { LeaveGroupResponse } from './types';
import * as v0 from './v0';

export const decodeRequest = v0.decodeRequest;

export function encodeResponse(encoder: Encoder, body: LeaveGroupResponse): void {
  encoder.writeInt32(body.throttleTimeMs).writeInt16(body.errorCode);
}
