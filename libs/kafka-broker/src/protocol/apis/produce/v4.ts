// Produce Request (Version: 4) => transactional_id acks timeout_ms [topic_data]
// Produce Response (Version: 4) => [responses] throttle_time_ms
// Same wire format as v3; v4 lets the broker return KAFKA_STORAGE_ERROR (KIP-112).
import * as v3 from './v3';

export const decodeRequest = v3.decodeRequest;
export const encodeResponse = v3.encodeResponse;
