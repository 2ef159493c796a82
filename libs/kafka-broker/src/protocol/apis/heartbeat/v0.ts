// Heartbeat Request (Version: 0) => group_id generation_id member_id
// Heartbeat Response (Version: 0) => error_code
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { HeartbeatRequest, HeartbeatResponse } from './types';

export function decodeRequest(decoder: Decoder): HeartbeatRequest {
  const groupId = decoder.readString();
  const generationId = decoder.readInt32();
  return { groupId, generationId, memberId: decoder.readString(), groupInstanceId: null };
}

export function encodeResponse(encoder: Encoder, body: HeartbeatResponse): void {
  encoder.writeInt16(body.errorCode);
}
