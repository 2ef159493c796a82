/**
 * Deepest dead-letter payload the DLQ services show parsed. A poison message nested thousands of
 * levels deep parses, but then overflows the stack of whoever serialises the listing (an HTTP
 * response, a log line); deeper ones are shown as base64.
 */
export const DEAD_LETTER_MAX_DEPTH = 32;

/** Outbox relay defaults. */
export const OUTBOX_DEFAULT_BATCH_SIZE = 200;
export const OUTBOX_DEFAULT_POLL_INTERVAL = '200ms';
export const OUTBOX_DEFAULT_MAX_BACKOFF = '10s';
export const OUTBOX_DEFAULT_RETENTION = '7d';
export const OUTBOX_DEFAULT_PRUNE_INTERVAL = '1m';
export const OUTBOX_DEFAULT_BACKLOG_INTERVAL = '5s';
