/** Polls `probe` until it returns true or `timeoutMs` passes; resolves to the last answer. */
export async function waitFor(
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
