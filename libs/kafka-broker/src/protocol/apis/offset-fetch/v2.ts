// OffsetFetch Request (Version: 2) => group_id [topics]   (null topics = all committed)
// OffsetFetch Response (Version: 2) => [topics] error_code
// Change from v1: null topics and a top-level error_code (KIP-88).
import type { Encoder } from '../../encoder';
import type { OffsetFetchResponse } from './types';
import * as v1 from './v1';

export const decodeRequest = v1.decodeRequest;

export function encodeResponse(encoder: Encoder, body: OffsetFetchResponse): void {
  v1.encodeResponse(encoder, body);
  encoder.writeInt16(body.errorCode);
}
