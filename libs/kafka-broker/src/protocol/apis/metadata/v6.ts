// Metadata Request (Version: 6) => [topics] allow_auto_topic_creation ; topics => name
// Metadata Response (Version: 6) => throttle_time_ms [brokers] cluster_id controller_id [topics]
// Same wire format as v5 (throttling behaviour, KIP-219).
import * as v5 from './v5';

export const decodeRequest = v5.decodeRequest;
export const encodeResponse = v5.encodeResponse;
