import { SetMetadata } from '@nestjs/common';
import { FallbackOptions, FallbackSource } from '../policies/fallback';
import { RESILIENCE_METADATA } from '../resilience.constants';

/**
 * Answers with a degraded result on timeout, open breaker, full bulkhead or a server error
 * (never on 4xx, never over a successful result).
 * @param source a method name of the same class, a function `(error, ...args) => value`, or `{ value }`
 * @example
 * @Timeout('300ms') @Fallback('cachedList') list() { ... }
 * cachedList(error: unknown) { return this.lastGood; }
 * @publicApi
 */
export const Fallback = (source: FallbackSource, options: FallbackOptions = {}): MethodDecorator =>
  SetMetadata(RESILIENCE_METADATA.fallback, { source, options });
