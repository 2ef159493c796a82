// InitProducerId Request (Version: 1) => transactional_id transaction_timeout_ms
// InitProducerId Response (Version: 1) => throttle_time_ms error_code producer_id producer_epoch
// Same wire format as v0 (throttling behaviour, KIP-219).
import * as v0 from './v0';

export const decodeRequest = v0.decodeRequest;
export const encodeResponse = v0.encodeResponse;
