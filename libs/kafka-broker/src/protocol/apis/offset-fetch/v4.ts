// OffsetFetch Request (Version: 4) => same fields as v3
// OffsetFetch Response (Version: 4) => same fields as v3
// Same wire format as v3 (throttling behaviour, KIP-219).
import * as v3 from './v3';

export const decodeRequest = v3.decodeRequest;
export const encodeResponse = v3.encodeResponse;
