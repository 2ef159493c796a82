// Metadata Request (Version: 2) => [topics] ; topics => name
// Metadata Response (Version: 2) => [brokers] cluster_id controller_id [topics]
// Change from v1: cluster_id (KIP-78).
import type { Encoder } from '../../encoder';
import type { MetadataResponse } from './types';
import * as v1 from './v1';
import { writePartition } from './v0';

export const decodeRequest = v1.decodeRequest;

export function encodeResponse(encoder: Encoder, body: MetadataResponse): void {
  v1.writeBrokers(encoder, body);
  encoder.writeNullableString(body.clusterId).writeInt32(body.controllerId);
  v1.writeTopics(encoder, body.topics, writePartition);
}
