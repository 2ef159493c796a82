// Fetch Request (Version: 5) => replica_id max_wait_ms min_bytes max_bytes isolation_level [topics]
//   topics => topic [partitions] ; partitions => partition fetch_offset log_start_offset partition_max_bytes
// Fetch Response (Version: 5) => throttle_time_ms [responses]
//   responses => topic [partitions] ; partitions => partition_index error_code high_watermark last_stable_offset log_start_offset [aborted_transactions] records
// Change from v4: log_start_offset (KIP-107).
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import { decodeFetch, encodeFetch, type FetchFeatures } from './codec';
import type { FetchRequest, FetchResponse } from './types';

const FEATURES: FetchFeatures = {
  logStartOffset: true,
  sessions: false,
  leaderEpoch: false,
  rack: false,
};

export function decodeRequest(decoder: Decoder): FetchRequest {
  return decodeFetch(decoder, FEATURES);
}

export function encodeResponse(encoder: Encoder, body: FetchResponse): void {
  encodeFetch(encoder, body, FEATURES);
}
