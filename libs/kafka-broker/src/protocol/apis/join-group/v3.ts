// JoinGroup Request (Version: 3) => same fields as v2
// JoinGroup Response (Version: 3) => same fields as v2
// Same wire format as v2 (throttling behaviour, KIP-219).
import * as v2 from './v2';

export const decodeRequest = v2.decodeRequest;
export const encodeResponse = v2.encodeResponse;
