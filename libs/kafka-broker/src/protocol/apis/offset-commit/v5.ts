// OffsetCommit Request (Version: 5) => group_id generation_id member_id [topics]
// OffsetCommit Response (Version: 5) => throttle_time_ms [topics]
// Change from v4: retention_time_ms removed; the broker's retention applies (KIP-211).
import type { Decoder } from '../../decoder';
import type { OffsetCommitRequest } from './types';
import * as v4 from './v4';
import { decodeWith } from './v2';

export function decodeRequest(decoder: Decoder): OffsetCommitRequest {
  return decodeWith(decoder, false);
}

export const encodeResponse = v4.encodeResponse;
