// Fetch Request (Version: 10) => same fields as v9
// Fetch Response (Version: 10) => same fields as v9
// Same wire format as v9 (ZStandard allowed, KIP-110).
import * as previous from './v9';

export const decodeRequest = previous.decodeRequest;
export const encodeResponse = previous.encodeResponse;
