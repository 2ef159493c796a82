import { ServiceUnavailableException } from '@nestjs/common';

/**
 * The named breaker is open (or isolated): the call was rejected without touching the
 * dependency. Answers 503 with `Retry-After`.
 * @publicApi
 */
export class CircuitOpenError extends ServiceUnavailableException {
  readonly isCircuitOpenError = true;

  constructor(
    /** Breaker name, e.g. `postgres`. */
    readonly breaker: string,
    /** Seconds a client should wait before trying again. */
    readonly retryAfterSeconds: number,
  ) {
    super(`${breaker} is unavailable (circuit open)`);
  }
}

/** Works across duplicate copies of this package, unlike `instanceof`. */
export const isCircuitOpenError = (e: unknown): e is CircuitOpenError =>
  typeof e === 'object' && e !== null && 'isCircuitOpenError' in e;
