/** Resolves after `ms`, or earlier when the waker handed to `onWaker` is called (used by stop()). */
export function sleep(ms: number, onWaker?: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    onWaker?.(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
