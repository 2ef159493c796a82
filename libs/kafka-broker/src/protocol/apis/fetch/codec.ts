import type { Decoder } from '../../decoder';
import type { Encoder } from '../../encoder';
import type { FetchPartitionRequest, FetchRequest, FetchResponse } from './types';

/** What each Fetch version adds; the vN files pick their row. */
export interface FetchFeatures {
  /** v5+: log_start_offset in request and response partitions (KIP-107). */
  readonly logStartOffset: boolean;
  /** v7+: incremental fetch sessions (KIP-227). */
  readonly sessions: boolean;
  /** v9+: current_leader_epoch per requested partition (KIP-320). */
  readonly leaderEpoch: boolean;
  /** v11+: rack_id and preferred_read_replica (KIP-392). */
  readonly rack: boolean;
}

export function decodeFetch(decoder: Decoder, f: FetchFeatures): FetchRequest {
  const head = {
    replicaId: decoder.readInt32(),
    maxWaitMs: decoder.readInt32(),
    minBytes: decoder.readInt32(),
    maxBytes: decoder.readInt32(),
    isolationLevel: decoder.readInt8(),
    sessionId: f.sessions ? decoder.readInt32() : 0,
    sessionEpoch: f.sessions ? decoder.readInt32() : -1,
  };
  const topics = decoder.readArray((t) => ({
    topic: t.readString(),
    partitions: t.readArray((p) => decodePartition(p, f)),
  }));
  if (f.sessions) decoder.readArray((t) => [t.readString(), t.readArray((p) => p.readInt32())]);
  if (f.rack) decoder.readString();
  return { ...head, topics };
}

function decodePartition(decoder: Decoder, f: FetchFeatures): FetchPartitionRequest {
  const partition = decoder.readInt32();
  if (f.leaderEpoch) decoder.readInt32();
  const fetchOffset = decoder.readInt64();
  if (f.logStartOffset) decoder.readInt64();
  return { partition, fetchOffset, partitionMaxBytes: decoder.readInt32() };
}

export function encodeFetch(encoder: Encoder, body: FetchResponse, f: FetchFeatures): void {
  encoder.writeInt32(body.throttleTimeMs);
  if (f.sessions) encoder.writeInt16(body.errorCode).writeInt32(body.sessionId);
  encoder.writeArray(body.responses, (e, topic) => {
    e.writeString(topic.topic).writeArray(topic.partitions, (pe, p) => {
      pe.writeInt32(p.partitionIndex).writeInt16(p.errorCode).writeInt64(p.highWatermark);
      pe.writeInt64(p.lastStableOffset);
      if (f.logStartOffset) pe.writeInt64(p.logStartOffset);
      pe.writeArray([], () => undefined); // aborted_transactions: no transactions here
      if (f.rack) pe.writeInt32(-1); // preferred_read_replica: none
      pe.writeBytesList(p.records);
    });
  });
}
