/** Header carrying the id consumers deduplicate on (= outbox row id when sent via the outbox). */
export const MESSAGE_ID_HEADER = 'x-message-id';

/** Outbox relay defaults. */
export const OUTBOX_DEFAULT_BATCH_SIZE = 200;
export const OUTBOX_DEFAULT_POLL_INTERVAL = '200ms';
export const OUTBOX_DEFAULT_MAX_BACKOFF = '10s';
export const OUTBOX_DEFAULT_RETENTION = '7d';
export const OUTBOX_DEFAULT_PRUNE_INTERVAL = '1m';
export const OUTBOX_DEFAULT_BACKLOG_INTERVAL = '5s';
