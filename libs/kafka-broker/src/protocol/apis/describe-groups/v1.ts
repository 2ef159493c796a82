// DescribeGroups Request (Version: 1) => [groups]
// DescribeGroups Response (Version: 1) => throttle_time_ms [groups]
// Change from v0: throttle_time_ms first in the response.
import type { Encoder } from '../../encoder';
import type { DescribeGroupsResponse } from './types';
import * as v0 from './v0';

export const decodeRequest = v0.decodeRequest;

export function encodeResponse(encoder: Encoder, body: DescribeGroupsResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  v0.encodeResponse(encoder, body);
}
