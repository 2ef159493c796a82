import { sleep } from '../test/support/wait-for';

/** Consecutive passing probes that count as "recovered". */
export const RECOVERY_STREAK = 3;
/** Pause between the end of one probe and the start of the next. */
export const PROBE_INTERVAL_MS = 200;

/**
 * Time to recover (MTTR) after a fault is lifted at `liftedAt` (a `Date.now()` value): probes run
 * one after another, `PROBE_INTERVAL_MS` apart, and the MTTR is the moment the first of
 * `RECOVERY_STREAK` consecutive probes passed (its end, so an end-to-end probe counts once its
 * order is confirmed, not when it was placed) minus `liftedAt`. A probe that throws fails. Null when
 * no such streak happens within `timeoutMs`.
 */
export async function timeToRecover(
  liftedAt: number,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<number | null> {
  let streakStart: number | undefined;
  let streak = 0;
  while (Date.now() - liftedAt < timeoutMs) {
    const ok = await probe().catch(() => false);
    if (ok) {
      if (streak === 0) streakStart = Date.now();
      if (++streak >= RECOVERY_STREAK) return Math.max(0, streakStart! - liftedAt);
    } else {
      streak = 0;
    }
    await sleep(PROBE_INTERVAL_MS);
  }
  return null;
}
