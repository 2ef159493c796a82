import { createParamDecorator } from '@nestjs/common';
import { currentDeadline } from '../deadline/deadline';

let never: AbortSignal | undefined;

/**
 * Injects the `AbortSignal` of the current deadline into a route handler, for clients that
 * take one (`fetch`, the pg driver's cancel). Never aborts when the request has no deadline.
 * The signal (an `AbortController`, ≈2 µs) is created only for handlers that ask for it.
 * @example
 * @Get(':id') @Timeout('300ms') find(@Param('id') id: string, @RequestSignal() signal: AbortSignal) {
 *   return fetch(`${GEO_API}/${id}`, { signal });
 * }
 * @publicApi
 */
export const RequestSignal = createParamDecorator(
  (): AbortSignal => currentDeadline()?.signal ?? (never ??= new AbortController().signal),
);
