import { SetMetadata } from '@nestjs/common';
import { RESILIENCE_DEFAULT_BULKHEAD_QUEUE } from '../resilience.constants';
import { RESILIENCE_METADATA } from '../resilience.constants';

/**
 * Lets at most `limit` calls of this route or method run at once and `queue` wait; the rest get
 * 503 with `Retry-After`. Each decorated method has its own bulkhead.
 * @example @Post() @Bulkhead(20, 50) create(@Body() dto: CreateOrderDto) { ... }
 * @publicApi
 */
export const Bulkhead = (
  limit: number,
  queue = RESILIENCE_DEFAULT_BULKHEAD_QUEUE,
): MethodDecorator => SetMetadata(RESILIENCE_METADATA.bulkhead, { limit, queue });
