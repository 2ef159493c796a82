// FindCoordinator Request (Version: 2) => key key_type
// FindCoordinator Response (Version: 2) => throttle_time_ms error_code error_message node_id host port
// Same wire format as v1 (throttling behaviour, KIP-219).
import * as v1 from './v1';

export const decodeRequest = v1.decodeRequest;
export const encodeResponse = v1.encodeResponse;
