// Metadata Request (Version: 5) => [topics] allow_auto_topic_creation ; topics => name
// Metadata Response (Version: 5) => throttle_time_ms [brokers] cluster_id controller_id [topics]
//   partitions => error_code partition_index leader_id [replica_nodes] [isr_nodes] [offline_replicas]
// Change from v4: offline_replicas per partition (KIP-112).
import type { Encoder } from '../../encoder';
import type { MetadataResponse } from './types';
import { writePartition } from './v0';
import * as v1 from './v1';
import * as v4 from './v4';

export const decodeRequest = v4.decodeRequest;

export function encodeResponse(encoder: Encoder, body: MetadataResponse): void {
  encoder.writeInt32(body.throttleTimeMs);
  v1.writeBrokers(encoder, body);
  encoder.writeNullableString(body.clusterId).writeInt32(body.controllerId);
  v1.writeTopics(encoder, body.topics, (e, p) => {
    writePartition(e, p).writeArray(p.offlineReplicas, (oe, id) => oe.writeInt32(id));
  });
}
