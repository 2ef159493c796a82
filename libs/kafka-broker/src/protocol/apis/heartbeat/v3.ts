// Heartbeat Request (Version: 3) => group_id generation_id member_id group_instance_id
// Heartbeat Response (Version: 3) => throttle_time_ms error_code
// Change from v2: group_instance_id for static membership (KIP-345).
import type { Decoder } from '../../decoder';
import type { HeartbeatRequest } from './types';
import * as v2 from './v2';

export function decodeRequest(decoder: Decoder): HeartbeatRequest {
  const groupId = decoder.readString();
  const generationId = decoder.readInt32();
  const memberId = decoder.readString();
  return { groupId, generationId, memberId, groupInstanceId: decoder.readNullableString() };
}

export const encodeResponse = v2.encodeResponse;
