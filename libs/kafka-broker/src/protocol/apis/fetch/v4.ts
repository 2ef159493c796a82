// Fetch Request (Version: 4) => replica_id max_wait_ms min_bytes max_bytes isolation_level [topics]
//   topics => topic [partitions] ; partitions => partition fetch_offset partition_max_bytes
// Fetch Response (Version: 4) => throttle_time_ms [responses]
//   responses => topic [partitions] ; partitions => partition_index error_code high_watermark last_stable_offset [aborted_transactions] records
// v4 adds isolation_level and last_stable_offset (KIP-98) and needs RecordBatch v2.
import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import { decodeFetch, encodeFetch, type FetchFeatures } from './codec';
import type { FetchRequest, FetchResponse } from './types';

const FEATURES: FetchFeatures = {
  logStartOffset: false,
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
