import { applyDecorators } from '@nestjs/common';
import type { Duration } from '@bulwark/common';
import type { FallbackSource } from '../policies/fallback';
import type { RetryOptions } from '../policies/retry';
import { Bulkhead } from './bulkhead.decorator';
import { Fallback } from './fallback.decorator';
import { Retry } from './retry.decorator';
import { Timeout } from './timeout.decorator';
import { UseBreaker } from './use-breaker.decorator';

/** Options of {@link Resilient}: each field is one of the single decorators. @publicApi */
export interface ResilientOptions {
  /** As `@Timeout(budget)`. */
  timeout?: Duration;
  /** As `@UseBreaker(name)`. */
  breaker?: string;
  /** As `@Bulkhead(limit, queue)`. */
  bulkhead?: { limit: number; queue?: number };
  /** As `@Retry(options)`. */
  retry?: RetryOptions;
  /** As `@Fallback(source)`. */
  fallback?: FallbackSource;
}

/**
 * All policies of a route or method in one line.
 * @example
 * @Post() @Resilient({ timeout: '1s', breaker: 'postgres', bulkhead: { limit: 50, queue: 100 } })
 * create(@Body() dto: CreateOrderDto) { ... }
 * @publicApi
 */
export function Resilient(options: ResilientOptions): MethodDecorator {
  const decorators: MethodDecorator[] = [];
  if (options.timeout !== undefined) decorators.push(Timeout(options.timeout));
  if (options.breaker !== undefined) decorators.push(UseBreaker(options.breaker));
  if (options.bulkhead) decorators.push(Bulkhead(options.bulkhead.limit, options.bulkhead.queue));
  if (options.retry) decorators.push(Retry(options.retry));
  if (options.fallback !== undefined) decorators.push(Fallback(options.fallback));
  return applyDecorators(...decorators);
}
