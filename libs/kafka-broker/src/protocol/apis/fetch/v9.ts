// Fetch Request (Version: 9) => replica_id max_wait_ms min_bytes max_bytes isolation_level session_id session_epoch [topics] [forgotten_topics_data]
//   topics => topic [partitions] ; partitions => partition current_leader_epoch fetch_offset log_start_offset partition_max_bytes
// Fetch Response (Version: 9) => throttle_time_ms error_code session_id [responses]
//   responses => topic [partitions] ; partitions => partition_index error_code high_watermark last_stable_offset log_start_offset [aborted_transactions] records
// Change from v8: current_leader_epoch per partition (KIP-320).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import { decodeFetch, encodeFetch, type FetchFeatures } from './codec';
import type { FetchRequest, FetchResponse } from './types';

const FEATURES: FetchFeatures = {
  logStartOffset: true,
  sessions: true,
  leaderEpoch: true,
  rack: false,
};

export function decodeRequest(decoder: Decoder): FetchRequest {
  return decodeFetch(decoder, FEATURES);
}

export function encodeResponse(encoder: Encoder, body: FetchResponse): void {
  encodeFetch(encoder, body, FEATURES);
}
