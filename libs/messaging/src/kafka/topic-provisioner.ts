import type { Admin } from 'kafkajs';
import { topicFamily } from './retry-topics';

/** A main topic and the retry/DLQ topics it needs. */
export interface TopicFamilySpec {
  readonly topic: string;
  readonly retryStages: number;
  readonly dlq: boolean;
}

/**
 * Creates missing retry and DLQ topics with the partition count of their main topic, so a key keeps
 * the same partition number across the family (the default partitioner hashes the key). Topics that
 * exist are left alone; a missing main topic is created with the broker's default count.
 */
export async function ensureTopicFamilies(
  admin: Admin,
  families: readonly TopicFamilySpec[],
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  for (const family of families) {
    let numPartitions: number | undefined;
    if (existing.has(family.topic)) {
      const metadata = await admin.fetchTopicMetadata({ topics: [family.topic] });
      numPartitions = metadata.topics[0]?.partitions.length;
    }
    const missing = topicFamily(family.topic, family.retryStages, family.dlq).filter(
      (t) => !existing.has(t),
    );
    if (missing.length === 0) continue;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, ...(numPartitions ? { numPartitions } : {}) })),
    });
    for (const t of missing) existing.add(t);
  }
}
