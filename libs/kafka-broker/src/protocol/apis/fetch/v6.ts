// Fetch Request (Version: 6) => same fields as v5
// Fetch Response (Version: 6) => same fields as v5
// Same wire format as v5 (KIP-112 storage errors).
import * as previous from './v5';

export const decodeRequest = previous.decodeRequest;
export const encodeResponse = previous.encodeResponse;
