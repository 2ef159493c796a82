// ListOffsets Request (Version: 3) => replica_id isolation_level [topics]
// ListOffsets Response (Version: 3) => throttle_time_ms [topics]
// Same wire format as v2 (throttling behaviour, KIP-219).
import * as v2 from './v2';

export const decodeRequest = v2.decodeRequest;
export const encodeResponse = v2.encodeResponse;
