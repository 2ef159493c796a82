// SyncGroup Request (Version: 1) => group_id generation_id member_id [assignments]
// SyncGroup Response (Version: 1) => throttle_time_ms error_code assignment
// Change from v0: throttle_time_ms first in the response.
import type { Encoder } from '../../encoder';
import type { SyncGroupResponse } from './types';
import * as v0 from './v0';

export const decodeRequest = v0.decodeRequest;

export function encodeResponse(encoder: Encoder, body: SyncGroupResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  v0.encodeResponse(encoder, body);
}
