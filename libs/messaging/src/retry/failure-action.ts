import { isMessagingError } from '../errors/messaging.error';

/**
 * The operations a transport offers for one failed message. RabbitMQ implements them with retry
 * queues and a DLQ; Kafka will implement them with retry and DLQ topics.
 */
export interface FailureTarget {
  /** 1-based number of the delivery that just failed. */
  readonly attempt: number;
  /** Total deliveries the policy allows. */
  readonly maxAttempts: number;
  /** Park the message for the next backoff stage, then release the original. */
  scheduleRetry(error: unknown): Promise<void>;
  /** Move the message to the DLQ (or drop it when the policy has `dlq: false`). */
  deadLetter(error: unknown): Promise<void>;
  /** Give the message back to the broker for immediate redelivery. */
  requeue(error: unknown): Promise<void>;
  /** Accept the message as handled and forget it. */
  ack(): Promise<void>;
}

/**
 * Strategy for a failed message; pick one per handler with `@RetryPolicy({ onFailure })`.
 * @publicApi
 */
export type FailureAction = (ctx: FailureTarget, error: unknown) => Promise<void>;

/** Next retry stage while attempts remain, then the DLQ. */
export const retryLater: FailureAction = (ctx, error) =>
  ctx.attempt < ctx.maxAttempts ? ctx.scheduleRetry(error) : ctx.deadLetter(error);

/** Straight to the DLQ. */
export const deadLetter: FailureAction = (ctx, error) => ctx.deadLetter(error);

/** Immediate redelivery; only for failures known to be brief, since it skips the backoff. */
export const requeue: FailureAction = (ctx, error) => ctx.requeue(error);

/** Drop the message; for best-effort events where a failure is not worth keeping. */
export const ack: FailureAction = (ctx) => ctx.ack();

/**
 * Default: errors that declare themselves non-retriable (`PoisonMessageError`, or any
 * `MessagingError` with `retriable: false`) go to the DLQ at once; everything else retries.
 */
export const retryOrDeadLetter: FailureAction = (ctx, error) =>
  isMessagingError(error) && !error.retriable ? deadLetter(ctx, error) : retryLater(ctx, error);
