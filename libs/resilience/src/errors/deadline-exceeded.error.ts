import { GatewayTimeoutException } from '@nestjs/common';

/**
 * The call's budget ran out (its own `@Timeout`, or the caller's deadline). Answers 504.
 * Counts as a failure for breakers: a dependency that keeps timing out is unhealthy.
 * @publicApi
 */
export class DeadlineExceededError extends GatewayTimeoutException {
  readonly isDeadlineExceededError = true;

  constructor(
    /** Policy or dependency that gave up, e.g. `postgres` or `ProductsController.findOne`. */
    readonly policy: string,
    /** Budget the call had, in ms (the smaller of its own and the caller's). */
    readonly budgetMs: number,
    /**
     * True when the deadline that passed was not the call's own budget but its caller's (a
     * client's `x-request-timeout`, a route's budget spent queueing), or passed while the call
     * still queued and had not started. Breakers ignore such timeouts: they say nothing about
     * the dependency.
     */
    readonly callerImposed = false,
  ) {
    super(
      Number.isFinite(budgetMs)
        ? `${policy} did not answer within ${Math.round(budgetMs)} ms`
        : `${policy} did not answer before the caller's deadline`,
    );
  }
}

/** Works across duplicate copies of this package, unlike `instanceof`. */
export const isDeadlineExceededError = (e: unknown): e is DeadlineExceededError =>
  typeof e === 'object' && e !== null && 'isDeadlineExceededError' in e;
