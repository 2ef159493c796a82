import type { BrokerCore } from '../broker-core';
import { offsetCommitApi } from '../protocol/apis/offset-commit';
import { offsetFetchApi, type OffsetFetchPartition } from '../protocol/apis/offset-fetch';
import { errorCode } from '../protocol/error-codes';
import { route } from './types';

/** OffsetCommit: the group decides whether this member may commit; one answer for all. */
export const offsetCommitRoute = route(offsetCommitApi, (request, _context, core) => {
  const items = request.topics.flatMap((topic) =>
    topic.partitions.map((p) => ({
      topic: topic.name,
      partition: p.partitionIndex,
      offset: p.committedOffset,
      metadata: p.committedMetadata,
    })),
  );
  const error = core.groups.commit(request.groupId, request.memberId, request.generationId, items);
  return {
    throttleTimeMs: 0,
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p) => ({
        partitionIndex: p.partitionIndex,
        errorCode: errorCode(error),
      })),
    })),
  };
});

/** OffsetFetch: committed offsets, -1 where none; null topics (v2+) means all committed. */
export const offsetFetchRoute = route(offsetFetchApi, (request, _context, core) => ({
  throttleTimeMs: 0,
  errorCode: 0,
  topics: request.topics
    ? request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitionIndexes.map((p) =>
          committed(core, request.groupId, topic.name, p),
        ),
      }))
    : allCommitted(core, request.groupId),
}));

function committed(core: BrokerCore, group: string, topic: string, partition: number) {
  const value = core.groups.committed(group, topic, partition);
  return partitionEntry(partition, value?.offset ?? -1, value?.metadata ?? '');
}

function allCommitted(core: BrokerCore, group: string) {
  const byTopic = new Map<string, OffsetFetchPartition[]>();
  for (const { topic, partition, value } of core.groups.committedEntries(group)) {
    const list = byTopic.get(topic) ?? [];
    list.push(partitionEntry(partition, value.offset, value.metadata));
    byTopic.set(topic, list);
  }
  return [...byTopic].map(([name, partitions]) => ({ name, partitions }));
}

function partitionEntry(partitionIndex: number, offset: number, metadata: string | null) {
  return { partitionIndex, committedOffset: offset, metadata, errorCode: 0 };
}
