/** Error of a Redis call that got no answer within its budget. */
export class RedisTimeoutError extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = 'RedisTimeoutError';
  }
}

/**
 * Rejects when `promise` has not settled `ms` after the call — judged after pending I/O was read.
 *
 * A plain timer (ioredis's `commandTimeout` included) fires in the event loop's timers phase,
 * before the poll phase that reads sockets. When a burst of requests holds the loop for longer
 * than the budget, the timer fires late and fails a command whose reply is already waiting in the
 * socket: a healthy Redis is declared down exactly under a stampede. Deferring the verdict by one
 * `setImmediate` (the check phase, after poll) lets an arrived reply settle the promise first; a
 * truly silent Redis still fails one loop turn after the budget.
 */
export function withLoopAwareTimeout<T>(
  promise: Promise<T>,
  ms: number,
  timeoutError: () => Error = () => new RedisTimeoutError(ms),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (settled) return;
        settled = true;
        reject(timeoutError());
      });
    }, ms);
    promise.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
