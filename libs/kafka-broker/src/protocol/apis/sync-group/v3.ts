// SyncGroup Request (Version: 3) => group_id generation_id member_id group_instance_id [assignments]
// SyncGroup Response (Version: 3) => throttle_time_ms error_code assignment
// Change from v2: group_instance_id for static membership (KIP-345).
import type { Decoder } from '../../decoder';
import type { SyncGroupRequest } from './types';
import * as v2 from './v2';
import { decodeWith } from './v0';

export function decodeRequest(decoder: Decoder): SyncGroupRequest {
  return decodeWith(decoder, true);
}

export const encodeResponse = v2.encodeResponse;
