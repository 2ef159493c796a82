import type { PartitionLog } from '../log/partition-log';
import {
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  listOffsetsApi,
  type ListOffsetsResponse,
} from '../protocol/apis/list-offsets';
import { errorCode } from '../protocol/error-codes';
import { decodeRecords, InvalidBatchError } from '../protocol/record-batch';
import { route } from './types';

/** ListOffsets: earliest (-2), latest (-1) or the first offset at or after a timestamp. */
export const listOffsetsRoute = route(
  listOffsetsApi,
  (request, _context, core): ListOffsetsResponse => ({
    throttleTimeMs: 0,
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partitionIndex, timestamp }) => {
        const log = core.topics.partition(topic.name, partitionIndex);
        if (!log) {
          const code = errorCode('UNKNOWN_TOPIC_OR_PARTITION');
          return { partitionIndex, errorCode: code, timestamp: -1, offset: -1 };
        }
        return { partitionIndex, errorCode: 0, ...lookup(log, timestamp) };
      }),
    })),
  }),
);

function lookup(log: PartitionLog, timestamp: number): { timestamp: number; offset: number } {
  if (timestamp === LATEST_TIMESTAMP) return { timestamp: -1, offset: log.highWatermark };
  if (timestamp === EARLIEST_TIMESTAMP) return { timestamp: -1, offset: log.logStartOffset };
  const batch = log.batchAtTimestamp(timestamp);
  if (!batch) return { timestamp: -1, offset: -1 };
  try {
    const record = decodeRecords(batch.bytes).find((r) => r.timestamp >= timestamp);
    if (record) return { timestamp: record.timestamp, offset: record.offset };
  } catch (error) {
    // Codecs other than gzip are stored but not decoded: answer at batch granularity.
    if (!(error instanceof InvalidBatchError)) throw error;
  }
  return { timestamp: batch.maxTimestamp, offset: batch.baseOffset };
}
