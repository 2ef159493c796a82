// Metadata Request (Version: 3) => [topics] ; topics => name
// Metadata Response (Version: 3) => throttle_time_ms [brokers] cluster_id controller_id [topics]
// Change from v2: throttle_time_ms first.
import type { Encoder } from '../../encoder';
import type { MetadataResponse } from './types';
import * as v2 from './v2';

export const decodeRequest = v2.decodeRequest;

export function encodeResponse(encoder: Encoder, body: MetadataResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  v2.encodeResponse(encoder, body);
}
