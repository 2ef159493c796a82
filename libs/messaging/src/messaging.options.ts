import { register } from 'prom-client';
import { toMs } from './duration';
import type {
  MessagingModuleOptions,
  OutboxOptions,
  RabbitMqOptions,
  RabbitQueueOptions,
} from './interfaces/messaging-module-options.interface';
import * as d from './messaging.constants';
import { resolveRetryPolicy, type ResolvedRetryPolicy } from './retry/retry-policy';

/** Options with every default filled; internal code reads only this. */
export type ResolvedMessagingOptions = ReturnType<typeof resolveMessagingOptions>;
/** The RabbitMQ part of the resolved options. */
export type ResolvedRabbitMqOptions = ReturnType<typeof resolveRabbitMqOptions>;
/** Exchanges and queues with defaults filled. */
export type ResolvedTopology = ResolvedRabbitMqOptions['topology'];
/** One work queue with prefetch, type and retry policy resolved. */
export type ResolvedQueue = ResolvedTopology['queues'][number];

/** Fills every default once and validates durations, so a bad value fails at start. */
export function resolveMessagingOptions(options: MessagingModuleOptions) {
  return Object.freeze({
    rabbitmq: options.rabbitmq ? resolveRabbitMqOptions(options.rabbitmq) : undefined,
    registry: options.registry ?? register,
    outbox: resolveOutboxOptions(options.outbox),
  });
}

/** Outbox relay settings with defaults; one resolution for every transport's relay. */
export function resolveOutboxOptions(outbox: OutboxOptions = {}) {
  return Object.freeze({
    relay: outbox.relay ?? false,
    batchSize: outbox.batchSize ?? d.OUTBOX_DEFAULT_BATCH_SIZE,
    pollIntervalMs: toMs(outbox.pollInterval ?? d.OUTBOX_DEFAULT_POLL_INTERVAL),
    maxBackoffMs: toMs(outbox.maxBackoff ?? d.OUTBOX_DEFAULT_MAX_BACKOFF),
    retentionMs: toMs(outbox.retention ?? d.OUTBOX_DEFAULT_RETENTION),
    pruneIntervalMs: toMs(outbox.pruneInterval ?? d.OUTBOX_DEFAULT_PRUNE_INTERVAL),
    backlogIntervalMs:
      outbox.backlogInterval === false
        ? 0
        : toMs(outbox.backlogInterval ?? d.OUTBOX_DEFAULT_BACKLOG_INTERVAL),
  });
}

/** Resolves the RabbitMQ part alone (also used by tests and the bench without Nest). */
export function resolveRabbitMqOptions(options: RabbitMqOptions) {
  const retry = resolveRetryPolicy(options.retry);
  const prefetch = options.prefetch ?? d.RABBITMQ_DEFAULT_PREFETCH;
  return Object.freeze({
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

function resolveQueue(q: RabbitQueueOptions, prefetch: number, retry: ResolvedRetryPolicy) {
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
