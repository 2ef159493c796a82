// LeaveGroup Request (Version: 3) => group_id [members] ; members => member_id group_instance_id
// LeaveGroup Response (Version: 3) => throttle_time_ms error_code [members]
//   members => member_id group_instance_id error_code
// Change from v2: several members leave in one request (KIP-345).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { LeaveGroupRequest, LeaveGroupResponse } from './types';

export function decodeRequest(decoder: Decoder): LeaveGroupRequest {
  const groupId = decoder.readString();
  const members = decoder.readArray((m) => ({
    memberId: m.readString(),
    groupInstanceId: m.readNullableString(),
  }));
  return { groupId, members };
}

export function encodeResponse(encoder: Encoder, body: LeaveGroupResponse): void {
  encoder.writeInt32(body.throttleTimeMs).writeInt16(body.errorCode);
  encoder.writeArray(body.members, (e, m) => {
    e.writeString(m.memberId).writeNullableString(m.groupInstanceId).writeInt16(m.errorCode);
  });
}
