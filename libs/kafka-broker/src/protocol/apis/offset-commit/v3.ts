// OffsetCommit Request (Version: 3) => group_id generation_id member_id retention_time_ms [topics]
// OffsetCommit Response (Version: 3) => throttle_time_ms [topics]
// Change from v2: throttle_time_ms first in the response.
import type { Encoder } from '../../encoder';
import type { OffsetCommitResponse } from './types';
import * as v2 from './v2';

export const decodeRequest = v2.decodeRequest;

export function encodeResponse(encoder: Encoder, body: OffsetCommitResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  v2.encodeResponse(encoder, body);
}
