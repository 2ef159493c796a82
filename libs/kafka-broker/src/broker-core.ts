import { randomBytes } from 'node:crypto';
import { BufferBudget } from './buffer-budget';
import { GroupCoordinator } from './groups/group-coordinator';
import { OffsetStore } from './log/offset-store';
import { TopicRegistry, type Topic } from './log/topic-registry';
import type { BatchFormat } from './log/types';
import type { ResolvedBrokerOptions } from './options';
import { baseOffsetOf, batchSizeAt, readBatch } from './protocol/record-batch';

/** Lets the log scan segment files through the protocol's RecordBatch reader. */
const recordBatchFormat: BatchFormat = {
  sizeAt: batchSizeAt,
  inspect(bytes) {
    const info = readBatch(bytes);
    const baseOffset = baseOffsetOf(bytes);
    return { ...info, baseOffset, lastOffset: baseOffset + info.lastOffsetDelta };
  },
};

/**
 * Everything a request handler may touch: topics, groups, options and id counters.
 * One per broker; connections share it.
 */
export class BrokerCore {
  readonly topics: TopicRegistry;
  readonly groups: GroupCoordinator;
  readonly clusterId = randomBytes(16).toString('base64url').slice(0, 22);
  /** Request bytes held by every connection together; see {@link BufferBudget}. */
  readonly buffers: BufferBudget;
  private producerIdSeq: number;

  constructor(readonly options: ResolvedBrokerOptions) {
    const logger = options.logger;
    this.buffers = new BufferBudget(options.maxBufferedBytes);
    this.topics = new TopicRegistry({
      dataDir: options.dataDir,
      format: recordBatchFormat,
      onCorrupt: (file, at) => logger.warn(`truncated torn data in ${file} at byte ${at}`),
    });
    this.groups = new GroupCoordinator(
      new OffsetStore(options.dataDir),
      {
        initialRebalanceDelayMs: options.initialRebalanceDelayMs,
        tickMs: options.groupTickMs,
        minSessionTimeoutMs: options.groupMinSessionTimeoutMs,
        maxSessionTimeoutMs: options.groupMaxSessionTimeoutMs,
      },
      (message) => logger.error(message),
    );
    // Producer ids must not repeat across restarts of a durable broker, or a restarted
    // broker would mistake a new producer's batches for an old one's (KIP-98).
    this.producerIdSeq = Date.now() * 10;
  }

  nextProducerId(): number {
    return ++this.producerIdSeq;
  }

  /** The topic, created with default partitions when allowed and missing. */
  ensureTopic(name: string, allowCreate: boolean): Topic | undefined {
    const existing = this.topics.get(name);
    if (existing || !allowCreate || !this.options.autoCreateTopics) return existing;
    if (!TopicRegistry.isValidName(name)) return undefined;
    // Counted against all topics, so deleting topics makes room again and a restart of a
    // durable broker does not reset the count.
    const limit = this.options.autoCreateTopicsLimit;
    if (this.topics.size >= limit) {
      this.options.logger.warn(
        `not auto-creating ${name}: ${limit} topics exist; use CreateTopics`,
      );
      return undefined;
    }
    this.options.logger.info(
      `auto-creating topic ${name} (${this.options.defaultPartitions} partitions)`,
    );
    return this.topics.create(name, this.options.defaultPartitions);
  }

  close(): void {
    this.groups.stop();
    this.topics.close();
  }
}
