import { ExponentialBackoff, fullJitterGenerator, handleWhen, retry, RetryPolicy } from 'cockatiel';
import { Duration, toMs } from '@bulwark/common';
import { isBulkheadFullError } from '../errors/bulkhead-full.error';
import { isCircuitOpenError } from '../errors/circuit-open.error';
import { isDeadlineExceededError } from '../errors/deadline-exceeded.error';
import { isClientError } from '../errors/client-error';
import {
  RESILIENCE_DEFAULT_RETRY_ATTEMPTS,
  RESILIENCE_DEFAULT_RETRY_INITIAL_MS,
  RESILIENCE_DEFAULT_RETRY_MAX_MS,
} from '../resilience.constants';

/** Options of `@Retry` and {@link retryPolicy}. Only for idempotent calls. @publicApi */
export interface RetryOptions {
  /** Total attempts including the first. @default 3 */
  attempts?: number;
  /** Cap of the first backoff; each later cap doubles. @default '50ms' */
  initialDelay?: Duration;
  /** Largest backoff. @default '1s' */
  maxDelay?: Duration;
  /** Which errors are worth another attempt. @default server errors other than our own rejections */
  isRetriable?: (error: Error) => boolean;
}

/**
 * Timeouts, open breakers and full bulkheads are not retried: each means "stop adding load",
 * and the deadline bounding the retries has already passed or will soon.
 */
const defaultIsRetriable = (error: Error): boolean =>
  !isClientError(error) &&
  !isDeadlineExceededError(error) &&
  !isCircuitOpenError(error) &&
  !isBulkheadFullError(error);

/**
 * cockatiel's retry with exponential backoff and full jitter (a random delay in
 * [0, initial·2^n), capped). Use it for idempotent calls only; the stack places it inside the
 * timeout, so all attempts together stay within the budget.
 * @example await retryPolicy({ attempts: 3 }).execute(() => redis.get(key));
 * @publicApi
 */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const backoff = new ExponentialBackoff({
    generator: fullJitterGenerator,
    initialDelay: toMs(options.initialDelay ?? RESILIENCE_DEFAULT_RETRY_INITIAL_MS, 'initialDelay'),
    maxDelay: toMs(options.maxDelay ?? RESILIENCE_DEFAULT_RETRY_MAX_MS, 'maxDelay'),
  });
  const attempts = options.attempts ?? RESILIENCE_DEFAULT_RETRY_ATTEMPTS;
  // cockatiel's maxAttempts counts retries, not calls.
  const isRetriable = options.isRetriable ?? defaultIsRetriable;
  // cockatiel 4 types the thrown value as unknown; it passes the same value cockatiel 3 did.
  return retry(
    handleWhen((error) => isRetriable(error as Error)),
    {
      maxAttempts: Math.max(0, attempts - 1),
      backoff,
    },
  );
}
