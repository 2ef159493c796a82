import { SetMetadata } from '@nestjs/common';
import { RESILIENCE_METADATA } from '../resilience.constants';

/**
 * Runs the route or method behind the named breaker from `BreakerRegistry` (shared with every
 * other user of that name). While it is open, calls fail fast with 503 + `Retry-After`.
 * @example @Post() @Timeout('1s') @UseBreaker('postgres') create(@Body() dto: CreateOrderDto) { ... }
 * @publicApi
 */
export const UseBreaker = (name: string): MethodDecorator =>
  SetMetadata(RESILIENCE_METADATA.breaker, name);
