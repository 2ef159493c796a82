import { metricsRegistry, toMs } from '@bulwark/common';
import { resolveRetryPolicy, type ResolvedRetryPolicy } from '../retry/retry-policy';
import * as d from './rabbitmq.constants';
import type { RabbitMqMessagingOptions, RabbitMqQueueOptions } from './rabbitmq-options.interface';

/** The RabbitMQ options with every default filled; internal code reads only this. */
export type ResolvedRabbitMqOptions = ReturnType<typeof resolveRabbitMqOptions>;
/** Exchanges and queues with defaults filled. */
export type ResolvedTopology = ResolvedRabbitMqOptions['topology'];
/** One work queue with prefetch, type and retry policy resolved. */
export type ResolvedQueue = ResolvedTopology['queues'][number];

/** Fills every default once and validates durations (also used by tests and the bench without Nest). */
export function resolveRabbitMqOptions(options: RabbitMqMessagingOptions) {
  const retry = resolveRetryPolicy(options.retry);
  const prefetch = options.prefetch ?? d.RABBITMQ_DEFAULT_PREFETCH;
  return Object.freeze({
    enabled: options.enabled ?? true,
    registry: metricsRegistry(options.registry),
    url: options.url,
    prefetch,
    publishTimeoutMs: toMs(options.publishTimeout ?? d.RABBITMQ_DEFAULT_PUBLISH_TIMEOUT),
    connectTimeoutMs: toMs(options.connectTimeout ?? d.RABBITMQ_DEFAULT_CONNECT_TIMEOUT),
    heartbeatSeconds: options.heartbeatSeconds ?? d.RABBITMQ_DEFAULT_HEARTBEAT_SECONDS,
    reconnectMinMs: toMs(options.reconnect?.min ?? d.RABBITMQ_DEFAULT_RECONNECT_MIN),
    reconnectMaxMs: toMs(options.reconnect?.max ?? d.RABBITMQ_DEFAULT_RECONNECT_MAX),
    retry,
    topology: Object.freeze({
      exchanges: (options.topology?.exchanges ?? []).map((e) => ({
        name: e.name,
        type: e.type ?? 'topic',
      })),
      queues: (options.topology?.queues ?? []).map((q) => resolveQueue(q, prefetch, retry)),
    }),
  });
}

function resolveQueue(q: RabbitMqQueueOptions, prefetch: number, retry: ResolvedRetryPolicy) {
  return Object.freeze({
    name: q.name,
    type: q.type ?? 'quorum',
    bindings: q.bindings ?? [],
    arguments: q.arguments ?? {},
    prefetch: q.prefetch ?? prefetch,
    retry: q.retry ? resolveRetryPolicy(q.retry, retry) : retry,
    consume: q.consume ?? true,
  });
}
