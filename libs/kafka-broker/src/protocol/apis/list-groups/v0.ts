// ListGroups Request (Version: 0) =>
// ListGroups Response (Version: 0) => error_code [groups] ; groups => group_id protocol_type
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { ListGroupsRequest, ListGroupsResponse } from './types';

export function decodeRequest(_decoder: Decoder): ListGroupsRequest {
  return {};
}

export function encodeResponse(encoder: Encoder, body: ListGroupsResponse): void {
  encoder.writeInt16(body.errorCode).writeArray(body.groups, (e, g) => {
    e.writeString(g.groupId).writeString(g.protocolType);
  });
}
