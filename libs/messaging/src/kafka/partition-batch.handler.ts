import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { BackpressureValve } from './backpressure';
import { KafkaMessagingHeaders as KH } from './kafka.constants';
import { runKeyLanes } from './key-lanes';
import type { MessagePipeline } from './message-pipeline';
import { parseRetryTopic } from './retry-topics';

/** Chunking and concurrency of {@link PartitionBatchHandler}. */
export interface PartitionBatchOptions {
  readonly commitEvery: number;
  readonly keyConcurrency: number;
}

/**
 * kafkajs `eachBatch` for one partition: handles the batch in chunks of `commitEvery` messages
 * (keys in parallel, each key in order), and after each chunk resolves, commits the next offset and
 * heartbeats. Nothing is committed for a message that has not been handled or copied to a
 * retry/DLQ topic, so a crash mid-batch replays the uncommitted tail (the inbox dedupes it).
 *
 * On `<topic>.retry.<n>` it stops at the first message not yet due, pauses that partition and
 * resumes it at the due time: the fetch loop keeps serving every other partition meanwhile.
 */
export class PartitionBatchHandler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly pipeline: MessagePipeline,
    private readonly valve: BackpressureValve,
    private readonly options: PartitionBatchOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async handle(payload: EachBatchPayload): Promise<void> {
    const commits = { last: Promise.resolve() };
    try {
      await this.handleChunks(payload, commits);
    } finally {
      // A batch returns only once its commits are done, so a rebalance never sees them pending.
      await commits.last;
    }
  }

  /** Clears pending resume timers (server close). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async handleChunks(payload: EachBatchPayload, commits: { last: Promise<void> }) {
    const { batch } = payload;
    const isRetry = parseRetryTopic(batch.topic) !== undefined;
    let index = 0;
    while (index < batch.messages.length && payload.isRunning() && !payload.isStale()) {
      if (!isRetry && this.valve.isSaturated(batch.topic)) return this.valve.pauseNow(batch.topic);
      let chunk = batch.messages.slice(index, index + this.options.commitEvery);
      const notDue = isRetry ? chunk.findIndex((m) => dueAt(m) > this.now()) : -1;
      if (notDue >= 0) chunk = chunk.slice(0, notDue);
      if (chunk.length > 0) {
        await this.runChunk(payload, chunk, commits);
        index += chunk.length;
      }
      if (notDue >= 0) return this.pauseUntil(payload, dueAt(batch.messages[index]));
    }
  }

  /**
   * Handles one chunk, then commits its end. The commit is chained, not awaited: the next chunk
   * runs during the round trip (only offsets of finished chunks are ever sent, in order).
   */
  private async runChunk(
    payload: EachBatchPayload,
    chunk: readonly KafkaMessage[],
    commits: { last: Promise<void> },
  ) {
    const { topic, partition } = payload.batch;
    const heartbeat = payload.heartbeat;
    await runKeyLanes(chunk, this.options.keyConcurrency, (message) =>
      this.pipeline.process({ topic, partition, message, heartbeat }),
    );
    const last = chunk[chunk.length - 1].offset;
    payload.resolveOffset(last);
    const offsets = { topics: [{ topic, partitions: [{ partition, offset: next(last) }] }] };
    commits.last = commits.last.then(() => payload.commitOffsetsIfNecessary(offsets));
    // Keeps a failed commit from being an unhandled rejection; handle() still awaits and throws it.
    commits.last.catch(() => undefined);
    await heartbeat();
  }

  /** Pausing (not sleeping) keeps heartbeats and the other partitions' fetches going. */
  private pauseUntil(payload: EachBatchPayload, due: number): void {
    const resume = payload.pause();
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        resume();
      },
      Math.max(1, due - this.now()),
    );
    this.timers.add(timer);
  }
}

function next(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

/** Due time of a retry copy; copies without the header are due at once. */
function dueAt(message: KafkaMessage): number {
  const raw = message.headers?.[KH.retryDueAt];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined ? 0 : Number(value.toString());
}
