import { SetMetadata } from '@nestjs/common';
import { Duration } from '@bulwark/common';
import { RESILIENCE_METADATA } from '../resilience.constants';

/**
 * Gives a route or provider method a budget. The call runs with an `AbortSignal`
 * (`currentDeadline()?.signal`) and the remaining budget in async context; at the budget the
 * caller gets 504 (or the `@Fallback`). An incoming `x-request-timeout`/`x-request-deadline`
 * can only shorten it.
 * @param budget e.g. `300`, `'300ms'`, `'2s'`. @default the module's `defaultTimeout` ('1s')
 * @example
 * @Get(':id') @Timeout('300ms') findOne(@Param('id') id: string) { ... }
 * @publicApi
 */
export const Timeout = (budget?: Duration): MethodDecorator =>
  SetMetadata(RESILIENCE_METADATA.timeout, budget ?? null);
