import type { CallerDeadline } from '../caller-deadline';

/**
 * Settles with `work`, or with `onExpire()` (its value, or its throw as a rejection) if the
 * caller's `deadline` passes first. `work` is not cancelled: it is shared with other callers,
 * who keep waiting for it within their own deadlines. One watcher on the caller's deadline,
 * no timer of its own.
 * @internal
 */
export function waitWithin<T>(
  work: Promise<T>,
  deadline: CallerDeadline,
  onExpire: () => T,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const expire = (): void => {
      if (settled) return;
      settled = true;
      try {
        resolve(onExpire());
      } catch (error) {
        reject(error);
      }
    };
    deadline.watch(expire);
    work.then(
      (value) => {
        if (settled) return;
        settled = true;
        deadline.unwatch(expire);
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        deadline.unwatch(expire);
        reject(error);
      },
    );
  });
}
