// DescribeGroups Request (Version: 0) => [groups]
// DescribeGroups Response (Version: 0) => [groups]
//   groups => error_code group_id group_state protocol_type protocol_data [members]
//   members => member_id client_id client_host member_metadata member_assignment
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from './types';

export function decodeRequest(decoder: Decoder): DescribeGroupsRequest {
  return { groups: decoder.readArray((d) => d.readString()) };
}

export function encodeResponse(encoder: Encoder, body: DescribeGroupsResponse): void {
  encoder.writeArray(body.groups, (e, g) => {
    e.writeInt16(g.errorCode).writeString(g.groupId).writeString(g.groupState);
    e.writeString(g.protocolType).writeString(g.protocolData);
    e.writeArray(g.members, (me, m) => {
      me.writeString(m.memberId).writeString(m.clientId).writeString(m.clientHost);
      me.writeBytes(m.memberMetadata).writeBytes(m.memberAssignment);
    });
  });
}
