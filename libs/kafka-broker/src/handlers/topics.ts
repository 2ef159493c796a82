import type { BrokerCore } from '../broker-core';
import { TopicRegistry } from '../log/topic-registry';
import { createTopicsApi, type CreatableTopic } from '../protocol/apis/create-topics';
import { deleteTopicsApi } from '../protocol/apis/delete-topics';
import { describeError, errorCode, type ErrorType } from '../protocol/error-codes';
import { route } from './types';

/** An embedded broker has no use for more; it also bounds memory against hostile requests. */
const MAX_PARTITIONS = 1000;

/** CreateTopics: one node, so replication factor must be 1 (or -1 for the default). */
export const createTopicsRoute = route(createTopicsApi, (request, _context, core) => ({
  throttleTimeMs: 0,
  topics: request.topics.map((topic) => {
    const error = createTopic(core, topic, request.validateOnly);
    const code = errorCode(error);
    return {
      name: topic.name,
      errorCode: code,
      errorMessage: code ? describeError(code)!.message : null,
    };
  }),
}));

function createTopic(core: BrokerCore, topic: CreatableTopic, validateOnly: boolean): ErrorType {
  if (!TopicRegistry.isValidName(topic.name)) return 'INVALID_TOPIC_EXCEPTION';
  if (core.topics.get(topic.name)) return 'TOPIC_ALREADY_EXISTS';
  const count = topic.assignments.length || topic.numPartitions;
  const partitions = count === -1 ? core.options.defaultPartitions : count;
  if (partitions < 1 || partitions > MAX_PARTITIONS) return 'INVALID_PARTITIONS';
  if (topic.replicationFactor !== 1 && topic.replicationFactor !== -1) {
    return 'INVALID_REPLICATION_FACTOR';
  }
  if (!validateOnly) core.topics.create(topic.name, partitions);
  core.options.logger.info(`created topic ${topic.name} (${partitions} partitions)`);
  return 'NONE';
}

export const deleteTopicsRoute = route(deleteTopicsApi, (request, _context, core) => ({
  throttleTimeMs: 0,
  responses: request.topicNames.map((name) => ({
    name,
    errorCode: errorCode(deleteTopic(core, name)),
  })),
}));

function deleteTopic(core: BrokerCore, name: string): ErrorType {
  if (!core.topics.delete(name)) return 'UNKNOWN_TOPIC_OR_PARTITION';
  core.groups.forgetTopic(name);
  core.options.logger.info(`deleted topic ${name}`);
  return 'NONE';
}
