import { type Duration, toMs } from '@bulwark/common';
import type { FailureAction } from './failure-action';

/**
 * How a failing message is retried. Shared by RabbitMQ (`<queue>.retry.<n>` TTL queues) and Kafka
 * (retry topics).
 * @publicApi
 */
export interface RetryPolicyOptions {
  /** Total deliveries including the first. @default 4 */
  readonly attempts?: number;
  /** Delay before retry n (1-based); the last entry repeats. @default ['1s', '10s', '60s'] */
  readonly backoff?: readonly Duration[];
  /** Keep exhausted and poison messages in `<queue>.dlq`; `false` drops them. @default true */
  readonly dlq?: boolean;
  /** What to do with a failure; see `retryLater`, `deadLetter`, `requeue`, `ack`. @default retryOrDeadLetter */
  readonly onFailure?: FailureAction;
}

/** Defaults of {@link RetryPolicyOptions}. */
export const DEFAULT_RETRY_ATTEMPTS = 4;
export const DEFAULT_RETRY_BACKOFF: readonly Duration[] = ['1s', '10s', '60s'];

/** A retry policy with every field filled; what the transports read. */
export interface ResolvedRetryPolicy {
  readonly attempts: number;
  readonly backoff: readonly number[];
  /** TTL of retry stage n at index n - 1; `attempts - 1` entries. */
  readonly delaysMs: readonly number[];
  readonly dlq: boolean;
  readonly onFailure: FailureAction | undefined;
}

/**
 * Fills the defaults once; `delaysMs[n - 1]` is the TTL of retry queue `n`, so there are
 * exactly `attempts - 1` retry stages.
 */
export function resolveRetryPolicy(
  options: RetryPolicyOptions = {},
  base?: ResolvedRetryPolicy,
): ResolvedRetryPolicy {
  const attempts = options.attempts ?? base?.attempts ?? DEFAULT_RETRY_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new Error(`RetryPolicy.attempts must be a positive integer, got ${attempts}`);
  }
  const backoff = (options.backoff ?? base?.backoff ?? DEFAULT_RETRY_BACKOFF).map((delay) =>
    toMs(delay),
  );
  if (backoff.length === 0) throw new Error('RetryPolicy.backoff needs at least one delay');
  const delaysMs = Array.from({ length: attempts - 1 }, (_, i) =>
    Math.max(1, backoff[Math.min(i, backoff.length - 1)]),
  );
  return Object.freeze({
    attempts,
    backoff,
    delaysMs: Object.freeze(delaysMs),
    dlq: options.dlq ?? base?.dlq ?? true,
    onFailure: options.onFailure ?? base?.onFailure,
  });
}
