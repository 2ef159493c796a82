/** Header carrying the id consumers deduplicate on (= outbox row id when sent via the outbox). */
export const MESSAGE_ID_HEADER = 'x-message-id';

/** @internal Logged once when `rabbitmq` options are absent. */
export const RABBITMQ_DISABLED_MESSAGE =
  'RabbitMQ transport is off (no `rabbitmq` options / RABBITMQ_URL unset)';

/** Outbox relay defaults. */
export const OUTBOX_DEFAULT_BATCH_SIZE = 200;
export const OUTBOX_DEFAULT_POLL_INTERVAL = '200ms';
export const OUTBOX_DEFAULT_MAX_BACKOFF = '10s';
export const OUTBOX_DEFAULT_RETENTION = '7d';
export const OUTBOX_DEFAULT_PRUNE_INTERVAL = '1m';
export const OUTBOX_DEFAULT_BACKLOG_INTERVAL = '5s';

/** RabbitMQ defaults. */
export const RABBITMQ_DEFAULT_PREFETCH = 50;
export const RABBITMQ_DEFAULT_PUBLISH_TIMEOUT = '10s';
export const RABBITMQ_DEFAULT_CONNECT_TIMEOUT = '5s';
export const RABBITMQ_DEFAULT_RECONNECT_MIN = '100ms';
export const RABBITMQ_DEFAULT_RECONNECT_MAX = '5s';
export const RABBITMQ_DEFAULT_HEARTBEAT_SECONDS = 10;
export const RABBITMQ_METRICS_PREFIX = 'bulwark_rabbitmq_';
