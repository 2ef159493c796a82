// JoinGroup Request (Version: 4) => same fields as v3
// JoinGroup Response (Version: 4) => same fields as v3
// Same wire format as v3. v4 allows MEMBER_ID_REQUIRED (KIP-394); this broker assigns the
// member id on the first join instead, which every client accepts.
import * as v3 from './v3';

export const decodeRequest = v3.decodeRequest;
export const encodeResponse = v3.encodeResponse;
