/** Defaults of {@link KafkaMessagingOptions}, named once (like Nest's `KAFKA_DEFAULT_*`). */
export const KAFKA_DEFAULT_CLIENT_ID = 'bulwark';
export const KAFKA_DEFAULT_GROUP_ID = 'bulwark';
export const KAFKA_DEFAULT_SESSION_TIMEOUT = '30s';
export const KAFKA_DEFAULT_HEARTBEAT_INTERVAL = '3s';
export const KAFKA_DEFAULT_REBALANCE_TIMEOUT = '60s';
export const KAFKA_DEFAULT_MAX_WAIT_TIME = '500ms';
export const KAFKA_DEFAULT_PARTITIONS_CONCURRENTLY = 8;
export const KAFKA_DEFAULT_KEY_CONCURRENCY = 16;
export const KAFKA_DEFAULT_COMMIT_EVERY = 200;
export const KAFKA_DEFAULT_BACKPRESSURE_POLL = '250ms';
export const KAFKA_DEFAULT_LAG_INTERVAL = '5s';
export const KAFKA_DEFAULT_LAG_THRESHOLD = 10_000;
export const KAFKA_DEFAULT_HEALTH_TIMEOUT_MS = 1000;
export const KAFKA_LAG_METRIC = 'bulwark_kafka_consumer_lag_messages';

/**
 * Kafka-only headers, next to the shared {@link MessagingHeaders}: where a retried or dead message
 * was first consumed, and when a retry copy becomes due.
 * @publicApi
 */
export const KafkaMessagingHeaders = {
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
  originalKey: 'x-original-key',
  /** Epoch milliseconds before which a retry copy must not be handled. */
  retryDueAt: 'x-retry-due-at',
  /** Offset in `<topic>.dlq` a replayed copy came from. */
  replayedFrom: 'x-replayed-from',
} as const;
