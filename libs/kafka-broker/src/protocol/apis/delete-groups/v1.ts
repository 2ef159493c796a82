// DeleteGroups Request (Version: 1) => [groups_names]
// DeleteGroups Response (Version: 1) => throttle_time_ms [results]
// Same wire format as v0 (throttling behaviour, KIP-219).
import * as v0 from './v0';

export const decodeRequest = v0.decodeRequest;
export const encodeResponse = v0.encodeResponse;
