// CreateTopics Request (Version: 4) => [topics] timeout_ms validate_only
// CreateTopics Response (Version: 4) => throttle_time_ms [topics]
// Same wire format as v3. What changes is meaning (KIP-464): num_partitions and
// replication_factor may be -1 for the broker's defaults. librdkafka sends -1 only from v4 on.
import * as v3 from './v3';

export const decodeRequest = v3.decodeRequest;
export const encodeResponse = v3.encodeResponse;
