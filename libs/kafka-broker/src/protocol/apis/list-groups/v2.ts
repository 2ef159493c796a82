// ListGroups Request (Version: 2) =>
// ListGroups Response (Version: 2) => throttle_time_ms error_code [groups]
// Same wire format as v1 (throttling behaviour, KIP-219).
import * as v1 from './v1';

export const decodeRequest = v1.decodeRequest;
export const encodeResponse = v1.encodeResponse;
