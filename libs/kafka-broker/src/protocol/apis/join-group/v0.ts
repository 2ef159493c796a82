// JoinGroup Request (Version: 0) => group_id session_timeout_ms member_id protocol_type [protocols]
//   protocols => name metadata
// JoinGroup Response (Version: 0) => error_code generation_id protocol_name leader member_id [members]
//   members => member_id metadata
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { JoinGroupRequest, JoinGroupResponse } from './types';

export function decodeRequest(decoder: Decoder): JoinGroupRequest {
  const groupId = decoder.readString();
  const sessionTimeoutMs = decoder.readInt32();
  return decodeRest(decoder, groupId, sessionTimeoutMs, sessionTimeoutMs, false);
}

/** Fields after the timeouts; v5 inserts group_instance_id after member_id. */
export function decodeRest(
  decoder: Decoder,
  groupId: string,
  sessionTimeoutMs: number,
  rebalanceTimeoutMs: number,
  withInstanceId: boolean,
): JoinGroupRequest {
  const memberId = decoder.readString();
  const groupInstanceId = withInstanceId ? decoder.readNullableString() : null;
  return {
    groupId,
    sessionTimeoutMs,
    rebalanceTimeoutMs,
    memberId,
    groupInstanceId,
    protocolType: decoder.readString(),
    protocols: decoder.readArray((p) => ({ name: p.readString(), metadata: p.readBytes() })),
  };
}

export function encodeResponse(encoder: Encoder, body: JoinGroupResponse): void {
  encodeBody(encoder, body, false);
}

export function encodeBody(encoder: Encoder, body: JoinGroupResponse, instanceIds: boolean): void {
  encoder.writeInt16(body.errorCode).writeInt32(body.generationId);
  encoder.writeString(body.protocolName).writeString(body.leader).writeString(body.memberId);
  encoder.writeArray(body.members, (e, m) => {
    e.writeString(m.memberId);
    if (instanceIds) e.writeNullableString(m.groupInstanceId);
    e.writeBytes(m.metadata);
  });
}
