import { SetMetadata } from '@nestjs/common';
import { RetryOptions } from '../policies/retry';
import { RESILIENCE_METADATA } from '../resilience.constants';

/**
 * Retries a failed call with exponential backoff and full jitter, within the call's budget.
 * Idempotent calls only: on routes it applies to GET, HEAD, PUT, DELETE and OPTIONS and is
 * ignored for POST and PATCH.
 * @example @Retry({ attempts: 3, initialDelay: '20ms' }) getRate(currency: string) { ... }
 * @publicApi
 */
export const Retry = (options: RetryOptions = {}): MethodDecorator =>
  SetMetadata(RESILIENCE_METADATA.retry, options);
