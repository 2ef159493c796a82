import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

/** A message read from a DLQ with its position. */
export interface DlqRecord {
  readonly partition: number;
  readonly message: KafkaMessage;
}

/** How {@link readUpToHighWatermark} reads. */
export interface DlqReadOptions {
  /** Group to read as; omitted = a throwaway group that never commits, deleted after the read. */
  readonly groupId?: string;
  /** Stop after this many records. @default Infinity */
  readonly limit?: number;
  /** Called per record; when `groupId` is set its offset is committed after it resolves. */
  readonly onRecord?: (record: DlqRecord) => Promise<void>;
}

const IDLE_TIMEOUT_MS = 15_000;

/**
 * Reads `topic` from the group's position (the beginning for a new group) up to the high
 * watermarks taken at the start, with a short-lived consumer of its own group, so the app's group
 * and its offsets are never touched. kafkajs has no assign-without-group mode, hence the group.
 */
export async function readUpToHighWatermark(
  kafka: Kafka,
  topic: string,
  options: DlqReadOptions = {},
): Promise<DlqRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = options.groupId ?? `bulwark-dlq-reader-${randomUUID()}`;
  const remaining = new Map<number, bigint>();
  try {
    // A DLQ topic exists once something was dead-lettered; asking for the offsets of a missing
    // one costs kafkajs's retries (seconds) before UNKNOWN_TOPIC_OR_PARTITION. Nothing to read.
    if (!(await admin.listTopics()).includes(topic)) return [];
    const committed = options.groupId
      ? ((await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [])
      : [];
    for (const mark of await admin.fetchTopicOffsets(topic)) {
      const from = BigInt(committed.find((c) => c.partition === mark.partition)?.offset ?? '-1');
      const start = from >= 0n ? from : BigInt(mark.low);
      if (BigInt(mark.high) > start) remaining.set(mark.partition, BigInt(mark.high));
    }
    if (remaining.size === 0) return [];
    const records = await consume(kafka, topic, groupId, remaining, options);
    // A throwaway group would otherwise stay listed (and held by the broker) after every read.
    if (!options.groupId) await admin.deleteGroups([groupId]).catch(() => undefined);
    return records;
  } finally {
    await admin.disconnect();
  }
}

async function consume(
  kafka: Kafka,
  topic: string,
  groupId: string,
  high: Map<number, bigint>,
  options: DlqReadOptions,
): Promise<DlqRecord[]> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const records: DlqRecord[] = [];
  // A short fetch wait: disconnect() waits for the fetch in flight, and this reader is interactive.
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let idle = setTimeout(finish, IDLE_TIMEOUT_MS);
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const end = high.get(partition);
        if (end === undefined || BigInt(message.offset) >= end || records.length >= limit) return;
        clearTimeout(idle);
        idle = setTimeout(finish, IDLE_TIMEOUT_MS);
        const record = { partition, message };
        records.push(record);
        await options.onRecord?.(record);
        if (options.groupId) {
          const offset = (BigInt(message.offset) + 1n).toString();
          await consumer.commitOffsets([{ topic, partition, offset }]);
        }
        if (BigInt(message.offset) + 1n >= end) high.delete(partition);
        if (high.size === 0 || records.length >= limit) finish();
      },
    });
    await done;
  } finally {
    clearTimeout(idle);
    await consumer.disconnect();
  }
  return records;
}
