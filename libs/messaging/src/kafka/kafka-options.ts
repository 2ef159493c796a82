import { logLevel } from 'kafkajs';
import { metricsRegistry, toMs } from '@bulwark/common';
import { resolveRetryPolicy } from '../retry/retry-policy';
import * as d from './kafka.constants';
import type { KafkaMessagingOptions } from './kafka-options.interface';

/** Kafka options with every default filled; internal code reads only this. */
export type ResolvedKafkaOptions = ReturnType<typeof resolveKafkaOptions>;

/** Fills every default once and validates durations, so a typo stops the app at start. */
export function resolveKafkaOptions(options: KafkaMessagingOptions) {
  if (options.brokers.length === 0) throw new Error('KafkaMessagingOptions.brokers is empty');
  const lag = options.lag ?? {};
  return Object.freeze({
    brokers: [...options.brokers],
    clientId: options.clientId ?? d.KAFKA_DEFAULT_CLIENT_ID,
    groupId: options.groupId ?? d.KAFKA_DEFAULT_GROUP_ID,
    sessionTimeoutMs: toMs(options.sessionTimeout ?? d.KAFKA_DEFAULT_SESSION_TIMEOUT),
    heartbeatIntervalMs: toMs(options.heartbeatInterval ?? d.KAFKA_DEFAULT_HEARTBEAT_INTERVAL),
    rebalanceTimeoutMs: toMs(options.rebalanceTimeout ?? d.KAFKA_DEFAULT_REBALANCE_TIMEOUT),
    maxWaitTimeMs: toMs(options.maxWaitTime ?? d.KAFKA_DEFAULT_MAX_WAIT_TIME),
    fromBeginning: options.fromBeginning ?? true,
    partitionsConsumedConcurrently:
      options.partitionsConsumedConcurrently ?? d.KAFKA_DEFAULT_PARTITIONS_CONCURRENTLY,
    keyConcurrency: options.keyConcurrency ?? d.KAFKA_DEFAULT_KEY_CONCURRENCY,
    commitEvery: options.commitEvery ?? d.KAFKA_DEFAULT_COMMIT_EVERY,
    retry: resolveRetryPolicy(options.retry),
    // Undefined = a sticky assigner per server, since it carries that member's own state.
    partitionAssigners: options.partitionAssigners,
    backpressure: options.backpressure,
    backpressurePollMs: toMs(options.backpressurePollInterval ?? d.KAFKA_DEFAULT_BACKPRESSURE_POLL),
    lag: Object.freeze({
      enabled: lag.enabled ?? true,
      intervalMs: toMs(lag.interval ?? d.KAFKA_DEFAULT_LAG_INTERVAL),
      threshold: lag.threshold ?? d.KAFKA_DEFAULT_LAG_THRESHOLD,
    }),
    registry: metricsRegistry(options.registry),
    logLevel: options.logLevel ?? logLevel.WARN,
    clientRetries: options.clientRetries ?? 5,
  });
}
