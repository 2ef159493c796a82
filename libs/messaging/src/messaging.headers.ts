import { MESSAGE_DEADLINE_HEADER, MESSAGE_ID_HEADER } from '@bulwark/common';

/**
 * Header names shared by both transports. Retry and DLQ copies carry the failure history here so
 * an operator can read a dead letter without logs.
 * @publicApi
 */
export const MessagingHeaders = {
  /** The id consumers de-duplicate on (= the outbox row id when sent through the outbox). */
  messageId: MESSAGE_ID_HEADER,
  /** Failed deliveries so far; the current attempt is this + 1. */
  retryCount: 'x-retry-count',
  firstFailureAt: 'x-first-failure-at',
  lastFailureAt: 'x-last-failure-at',
  errorClass: 'x-error-class',
  errorMessage: 'x-error-message',
  originalExchange: 'x-original-exchange',
  originalRoutingKey: 'x-original-routing-key',
  /** Epoch milliseconds after which the producer no longer cares about the message. */
  deadline: MESSAGE_DEADLINE_HEADER,
  /** Why a message is in the DLQ: `exhausted`, `non-retriable`, `poison`. */
  deadLetterReason: 'x-dead-letter-reason',
  /** Total attempts made before dead-lettering. */
  attempts: 'x-attempts',
  /**
   * Epoch milliseconds of the outbox row's insert (database clock), added by the relay when it
   * sends the row: consumers measure end-to-end latency from it.
   */
  outboxCreatedAt: 'x-outbox-created-at',
} as const;
