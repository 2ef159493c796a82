/**
 * Settles like `work`, unless `ms` pass first: then resolves with what `onTimeout` returns, or
 * rejects with what it throws. `work` itself is not cancelled: its owner decides what a late
 * result means. A non-finite `ms` means no bound (a raw `setTimeout(…, Infinity)` fires at once).
 *
 * The verdict is loop-aware. A timer fires in the event loop's timers phase, before the poll phase
 * that reads sockets; when a burst of requests holds the loop past `ms`, a plain timer fails work
 * whose answer is already waiting in the socket (a healthy Redis or Postgres declared down exactly
 * under a stampede). So the timeout is judged one `setImmediate` later (the check phase, after
 * poll): an arrived answer settles first, and truly silent work still times out one loop turn
 * after `ms`. The timer is cleared as soon as `work` settles.
 * @example const ok = await withTimeout(client.ping().then(() => true), 200, () => false);
 * @publicApi
 */
export function withTimeout<T, F = never>(
  work: PromiseLike<T>,
  ms: number,
  onTimeout: () => F,
): Promise<T | F> {
  if (!Number.isFinite(ms)) return Promise.resolve(work);
  return new Promise<T | F>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (settled) return;
          settled = true;
          try {
            resolve(onTimeout());
          } catch (error) {
            reject(error);
          }
        }),
      ms,
    );
    work.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
