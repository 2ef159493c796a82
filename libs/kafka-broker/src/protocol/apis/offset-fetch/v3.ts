// OffsetFetch Request (Version: 3) => group_id [topics]
// OffsetFetch Response (Version: 3) => throttle_time_ms [topics] error_code
// Change from v2: throttle_time_ms first in the response.
import type { Encoder } from '../../encoder';
import type { OffsetFetchResponse } from './types';
import * as v2 from './v2';

export const decodeRequest = v2.decodeRequest;

export function encodeResponse(encoder: Encoder, body: OffsetFetchResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  v2.encodeResponse(encoder, body);
}
