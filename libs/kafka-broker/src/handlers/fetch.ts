import type { BrokerCore } from '../broker-core';
import {
  fetchApi,
  type FetchPartitionResponse,
  type FetchRequest,
  type FetchResponse,
} from '../protocol/apis/fetch';
import type { FetchPartitionRequest } from '../protocol/apis/fetch/types';
import { errorCode } from '../protocol/error-codes';
import { route, type RequestContext } from './types';

/**
 * Fetch with long-poll: answer at once when `minBytes` are available or a partition has an
 * error, else wait for appends until `maxWaitMs` passes (or the client goes away).
 */
export const fetchRoute = route(fetchApi, async (request, context, core) => {
  const deadline = Date.now() + request.maxWaitMs;
  for (;;) {
    const { response, bytes, failed } = readAll(core, request);
    const remaining = deadline - Date.now();
    if (bytes >= request.minBytes || failed || remaining <= 0) return response;
    if (await waitForAppend(core, remaining, context)) return readAll(core, request).response;
  }
});

function readAll(core: BrokerCore, request: FetchRequest) {
  let budget = request.maxBytes;
  let bytes = 0;
  let failed = false;
  const responses = request.topics.map(({ topic, partitions }) => ({
    topic,
    partitions: partitions.map((p) => {
      const result = readPartition(
        core,
        topic,
        p,
        Math.min(p.partitionMaxBytes, budget),
        bytes > 0,
      );
      const size = result.records.reduce((sum, batch) => sum + batch.length, 0);
      budget -= size;
      bytes += size;
      failed ||= result.errorCode !== 0;
      return result;
    }),
  }));
  const response: FetchResponse = { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses };
  return { response, bytes, failed };
}

function readPartition(
  core: BrokerCore,
  topic: string,
  request: FetchPartitionRequest,
  limit: number,
  haveData: boolean,
): FetchPartitionResponse {
  const log = core.topics.partition(topic, request.partition);
  const partitionIndex = request.partition;
  if (!log) return empty(partitionIndex, errorCode('UNKNOWN_TOPIC_OR_PARTITION'), -1);
  const read = log.read(request.fetchOffset, Math.max(limit, 0));
  const hw = log.highWatermark;
  if (!read.ok) return empty(partitionIndex, errorCode(read.error), hw);
  // KIP-74: the first batch may exceed the limits so progress is always possible, but only
  // for the first partition that returns data.
  const first = read.batches[0];
  const records = haveData && first && first.length > limit ? [] : read.batches;
  return { ...empty(partitionIndex, 0, hw), records };
}

function empty(partitionIndex: number, code: number, hw: number): FetchPartitionResponse {
  return {
    partitionIndex,
    errorCode: code,
    highWatermark: hw,
    lastStableOffset: hw,
    logStartOffset: hw < 0 ? -1 : 0,
    records: [],
  };
}

/** Resolves true on timeout or close (answer now), false when something was appended. */
function waitForAppend(core: BrokerCore, ms: number, context: RequestContext): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (timedOut: boolean) => {
      clearTimeout(timer);
      stopAppend();
      stopClose();
      resolve(timedOut);
    };
    const timer = setTimeout(() => done(true), ms);
    const stopAppend = core.topics.onAppend(() => done(false));
    const stopClose = context.onClose(() => done(true));
  });
}
