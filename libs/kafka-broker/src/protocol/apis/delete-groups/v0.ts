// DeleteGroups Request (Version: 0) => [groups_names]
// DeleteGroups Response (Version: 0) => throttle_time_ms [results] ; results => group_id error_code
// Deletes empty groups and their committed offsets (KIP-229).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from './types';

export function decodeRequest(decoder: Decoder): DeleteGroupsRequest {
  return { groupsNames: decoder.readArray((d) => d.readString()) };
}

export function encodeResponse(encoder: Encoder, body: DeleteGroupsResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  encoder.writeArray(body.results, (e, r) => e.writeString(r.groupId).writeInt16(r.errorCode));
}
