// ApiVersions Request (Version: 2) =>
// ApiVersions Response (Version: 2) => error_code [api_keys] throttle_time_ms
// Same wire format as v1 (bumped for throttling behaviour, KIP-219).
import * as v1 from './v1';

export const decodeRequest = v1.decodeRequest;
export const encodeResponse = v1.encodeResponse;
