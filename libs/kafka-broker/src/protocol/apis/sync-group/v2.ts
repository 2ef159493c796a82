// SyncGroup Request (Version: 2) => same fields as v1
// SyncGroup Response (Version: 2) => same fields as v1
// Same wire format as v1 (throttling behaviour, KIP-219).
import * as v1 from './v1';

export const decodeRequest = v1.decodeRequest;
export const encodeResponse = v1.encodeResponse;
