// Produce Request (Version: 6) => transactional_id acks timeout_ms [topic_data]
// Produce Response (Version: 6) => [responses] throttle_time_ms
// Same wire format as v5 (throttling behaviour, KIP-219).
import * as v5 from './v5';

export const decodeRequest = v5.decodeRequest;
export const encodeResponse = v5.encodeResponse;
