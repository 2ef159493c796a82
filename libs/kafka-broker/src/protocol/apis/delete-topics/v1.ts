// DeleteTopics Request (Version: 1) => [topic_names] timeout_ms
// DeleteTopics Response (Version: 1) => throttle_time_ms [responses]
// Change from v0: throttle_time_ms first in the response.
import type { Encoder } from '../../encoder';
import type { DeleteTopicsResponse } from './types';
import * as v0 from './v0';

export const decodeRequest = v0.decodeRequest;

export function encodeResponse(encoder: Encoder, body: DeleteTopicsResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  v0.encodeResponse(encoder, body);
}
