import type { BrokerCore } from '../broker-core';
import type { PartitionLog } from '../log/partition-log';
import { produceApi, type ProducePartitionResponse } from '../protocol/apis/produce';
import type { ProducePartitionData } from '../protocol/apis/produce/types';
import { errorCode, type ErrorType } from '../protocol/error-codes';
import {
  InvalidBatchError,
  splitBatches,
  withBaseOffset,
  type BatchInfo,
} from '../protocol/record-batch';
import { route } from './types';

/** The acks values Kafka accepts: all in-sync replicas, none, the leader. */
const VALID_ACKS = new Set([-1, 0, 1]);

/**
 * Produce: validate each batch (magic 2, CRC-32C), apply idempotent-producer sequence rules
 * (KIP-98), stamp base offsets and append. With acks=0 the client expects no response at all.
 */
export const produceRoute = route(produceApi, (request, _context, core) => {
  // Like Kafka (ReplicaManager.appendRecords): nothing is appended, every partition answers
  // INVALID_REQUIRED_ACKS. acks=2 used to be appended as if it were 1.
  if (!VALID_ACKS.has(request.acks)) {
    const invalid = (index: number) => failed(index, 'INVALID_REQUIRED_ACKS');
    return {
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => invalid(p.index)),
      })),
      throttleTimeMs: 0,
    };
  }
  const topics = request.topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((data) => producePartition(core, topic.name, data)),
  }));
  core.topics.notifyAppend();
  return request.acks === 0 ? null : { topics, throttleTimeMs: 0 };
});

function producePartition(
  core: BrokerCore,
  topicName: string,
  data: ProducePartitionData,
): ProducePartitionResponse {
  const log = core.ensureTopic(topicName, true)?.partitions[data.index];
  if (!log) return failed(data.index, 'UNKNOWN_TOPIC_OR_PARTITION');
  let batches: BatchInfo[];
  try {
    batches = splitBatches(data.records ?? Buffer.alloc(0));
  } catch (error) {
    if (!(error instanceof InvalidBatchError)) throw error;
    core.options.logger.warn(`produce to ${topicName}-${data.index} rejected: ${error.message}`);
    return failed(data.index, error.corrupt ? 'CORRUPT_MESSAGE' : 'INVALID_RECORD');
  }
  if (batches.length === 0) return failed(data.index, 'INVALID_RECORD');
  let baseOffset = -1;
  for (const batch of batches) {
    const result = appendBatch(log, batch);
    if (typeof result === 'string') return failed(data.index, result);
    if (baseOffset < 0) baseOffset = result;
  }
  return { ...ok(data.index, baseOffset), logStartOffset: log.logStartOffset };
}

/** Appends one batch and returns its base offset, or the error that refused it. */
function appendBatch(log: PartitionLog, batch: BatchInfo): number | ErrorType {
  const check = log.checkSequence(batch);
  if (check.kind === 'reject') return check.error;
  // A retried batch already in the log: answer with where it went, store nothing (KIP-98).
  if (check.kind === 'duplicate') return check.baseOffset;
  const baseOffset = log.nextOffset;
  log.append({
    ...batch,
    baseOffset,
    lastOffset: baseOffset + batch.lastOffsetDelta,
    bytes: withBaseOffset(batch.bytes, baseOffset),
  });
  return baseOffset;
}

function ok(index: number, baseOffset: number): ProducePartitionResponse {
  return { index, errorCode: 0, baseOffset, logAppendTimeMs: -1, logStartOffset: 0 };
}

function failed(index: number, error: ErrorType): ProducePartitionResponse {
  return {
    index,
    errorCode: errorCode(error),
    baseOffset: -1,
    logAppendTimeMs: -1,
    logStartOffset: -1,
  };
}
