import { Deadline } from '@bulwark/resilience';

/**
 * Rejects when `promise` has not settled within `ms`; a health check must never hang a probe.
 * Loop-aware, as every deadline of `@bulwark/resilience`: under a burst that held the event loop
 * past `ms`, the answer may already be waiting in the socket while the timer fires first (timers
 * run before the poll phase reads sockets); the verdict comes one turn later, so an answered
 * `SELECT 1` is not reported as a database that did not answer (issue 20: a burst of orders must
 * not take the instance out of readiness).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const deadline = Deadline.after(ms);
  return new Promise<T>((resolve, reject) => {
    const onExpire = (): void => reject(new Error(`${what} timed out after ${ms} ms`));
    deadline.watch(onExpire);
    promise.then(
      (value) => {
        deadline.unwatch(onExpire);
        resolve(value);
      },
      (error: unknown) => {
        deadline.unwatch(onExpire);
        reject(error);
      },
    );
  });
}
