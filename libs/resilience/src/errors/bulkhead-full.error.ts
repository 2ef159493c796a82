import { ServiceUnavailableException } from '@nestjs/common';

/**
 * All slots and queue places of a bulkhead are taken. Answers 503 with `Retry-After`; it is
 * never counted as a dependency failure, since the dependency was not called.
 * @publicApi
 */
export class BulkheadFullError extends ServiceUnavailableException {
  readonly isBulkheadFullError = true;

  constructor(
    /** Bulkhead name: a dependency or `Controller.method`. */
    readonly bulkhead: string,
    /** Seconds a client should wait before trying again. */
    readonly retryAfterSeconds: number,
  ) {
    super(`${bulkhead} is at capacity, try again later`);
  }
}

/** Works across duplicate copies of this package, unlike `instanceof`. */
export const isBulkheadFullError = (e: unknown): e is BulkheadFullError =>
  typeof e === 'object' && e !== null && 'isBulkheadFullError' in e;
