export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` every `everyMs` until it returns true; throws `timed out after N ms waiting for
 * <what>` when `timeoutMs` passes first. It throws rather than returning a boolean so a caller
 * cannot forget to assert on it. A `check` that throws fails the wait at once (a child process
 * that exited will not become ready); a probe that is expected to fail for a while (a query
 * during an outage) catches its own error and answers false. The one poller of tests, chaos and
 * benches.
 */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
