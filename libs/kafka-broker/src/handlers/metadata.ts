import type { BrokerCore } from '../broker-core';
import { metadataApi, type MetadataResponse, type MetadataTopic } from '../protocol/apis/metadata';
import { errorCode } from '../protocol/error-codes';
import { route, type RequestContext } from './types';

/** Metadata: this one node leads every partition, at the address the client dialled. */
export const metadataRoute = route(metadataApi, (request, context, core): MetadataResponse => {
  const names = request.topics ?? core.topics.names();
  const topics = names.map((name) => describeTopic(core, name, request.allowAutoTopicCreation));
  return {
    throttleTimeMs: 0,
    brokers: [{ nodeId: core.options.nodeId, ...advertised(context), rack: null }],
    clusterId: core.clusterId,
    controllerId: core.options.nodeId,
    topics,
  };
});

/** The host and port the client used to reach this connection; port 0 never leaks out. */
export function advertised(context: RequestContext): { host: string; port: number } {
  return { host: context.localHost, port: context.localPort };
}

function describeTopic(core: BrokerCore, name: string, allowCreate: boolean): MetadataTopic {
  const topic = core.ensureTopic(name, allowCreate);
  if (!topic) {
    const known = errorCode('UNKNOWN_TOPIC_OR_PARTITION');
    const invalid = errorCode('INVALID_TOPIC_EXCEPTION');
    const code = name === '' || !/^[a-zA-Z0-9._-]+$/.test(name) ? invalid : known;
    return { errorCode: code, name, isInternal: false, partitions: [] };
  }
  const node = core.options.nodeId;
  const partitions = topic.partitions.map((_, partitionIndex) => ({
    errorCode: 0,
    partitionIndex,
    leaderId: node,
    replicaNodes: [node],
    isrNodes: [node],
    offlineReplicas: [],
  }));
  return { errorCode: 0, name, isInternal: false, partitions };
}
