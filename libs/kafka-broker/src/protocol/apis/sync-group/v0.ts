// SyncGroup Request (Version: 0) => group_id generation_id member_id [assignments]
//   assignments => member_id assignment
// SyncGroup Response (Version: 0) => error_code assignment
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { SyncGroupRequest, SyncGroupResponse } from './types';

export function decodeRequest(decoder: Decoder): SyncGroupRequest {
  return decodeWith(decoder, false);
}

export function decodeWith(decoder: Decoder, withInstanceId: boolean): SyncGroupRequest {
  return {
    groupId: decoder.readString(),
    generationId: decoder.readInt32(),
    memberId: decoder.readString(),
    groupInstanceId: withInstanceId ? decoder.readNullableString() : null,
    assignments: decoder.readArray((a) => ({
      memberId: a.readString(),
      assignment: a.readBytes(),
    })),
  };
}

export function encodeResponse(encoder: Encoder, body: SyncGroupResponse): void {
  encoder.writeInt16(body.errorCode).writeBytes(body.assignment);
}
