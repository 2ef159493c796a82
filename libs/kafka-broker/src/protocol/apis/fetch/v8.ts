// Fetch Request (Version: 8) => same fields as v7
// Fetch Response (Version: 8) => same fields as v7
// Same wire format as v7 (KIP-219 throttling).
import * as previous from './v7';

export const decodeRequest = previous.decodeRequest;
export const encodeResponse = previous.encodeResponse;
