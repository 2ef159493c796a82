// LeaveGroup Request (Version: 0) => group_id member_id
// LeaveGroup Response (Version: 0) => error_code
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { LeaveGroupRequest, LeaveGroupResponse } from './types';

export function decodeRequest(decoder: Decoder): LeaveGroupRequest {
  const groupId = decoder.readString();
  return { groupId, members: [{ memberId: decoder.readString(), groupInstanceId: null }] };
}

export function encodeResponse(encoder: Encoder, body: LeaveGroupResponse): void {
  encoder.writeInt16(body.errorCode);
}
