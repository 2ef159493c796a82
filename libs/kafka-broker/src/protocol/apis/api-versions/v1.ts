// ApiVersions Request (Version: 1) =>
// ApiVersions Response (Version: 1) => error_code [api_keys] throttle_time_ms
// Change from v0: throttle_time_ms appended to the response.
import type { Encoder } from '../../encoder';
import * as v0 from './v0';
import type { ApiVersionsResponse } from './types';

export const decodeRequest = v0.decodeRequest;

export function encodeResponse(encoder: Encoder, body: ApiVersionsResponse): void {
  v0.encodeResponse(encoder, body);
  encoder.writeInt32(body.throttleTimeMs);
}
