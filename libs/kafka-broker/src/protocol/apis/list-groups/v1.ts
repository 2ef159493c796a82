// ListGroups Request (Version: 1) =>
// ListGroups Response (Version: 1) => throttle_time_ms error_code [groups]
// Change from v0: throttle_time_ms first in the response.
import type { Encoder } from '../../encoder';
import type { ListGroupsResponse } from './types';
import * as v0 from './v0';

export const decodeRequest = v0.decodeRequest;

export function encodeResponse(encoder: Encoder, body: ListGroupsResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  v0.encodeResponse(encoder, body);
}
