// Produce Request (Version: 5) => transactional_id acks timeout_ms [topic_data]
// Produce Response (Version: 5) => [responses] throttle_time_ms
//   partition_responses => index error_code base_offset log_append_time_ms log_start_offset
// Change from v4: log_start_offset per partition (KIP-107).
import type { Encoder } from '../../encoder';
import type { ProduceResponse } from './types';
import * as v4 from './v4';
import { encodeWith } from './v3';

export const decodeRequest = v4.decodeRequest;

export function encodeResponse(encoder: Encoder, body: ProduceResponse): void {
  encodeWith(encoder, body, (e, p) => e.writeInt64(p.logStartOffset));
}
