// Produce Request (Version: 7) => transactional_id acks timeout_ms [topic_data]
// Produce Response (Version: 7) => [responses] throttle_time_ms
// Same wire format as v6; v7 allows ZStandard batches (KIP-110).
import * as v6 from './v6';

export const decodeRequest = v6.decodeRequest;
export const encodeResponse = v6.encodeResponse;
