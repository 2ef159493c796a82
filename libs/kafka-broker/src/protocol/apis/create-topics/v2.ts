// CreateTopics Request (Version: 2) => [topics] timeout_ms validate_only
// CreateTopics Response (Version: 2) => throttle_time_ms [topics]
// Change from v1: throttle_time_ms first in the response.
import type { Encoder } from '../../encoder';
import type { CreateTopicsResponse } from './types';
import * as v1 from './v1';

export const decodeRequest = v1.decodeRequest;

export function encodeResponse(encoder: Encoder, body: CreateTopicsResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  v1.encodeResponse(encoder, body);
}
