/**
 * A duration: milliseconds as a number, or a string such as `'300ms'`, `'30s'`, `'5m'`, `'1h'`,
 * `'7d'`.
 * @publicApi
 */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/**
 * Turns a {@link Duration} into whole milliseconds (rounded: timers and Redis TTLs take whole
 * ms, and `'1.5s'` should mean the same wherever it is written). Throws a `RangeError` naming the
 * option on anything else, so a typo in options stops the app at start rather than silently
 * meaning "no timeout" or a zero TTL.
 * @publicApi
 */
export function toMs(value: Duration, what = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Invalid ${what}: ${value}`);
    return Math.round(value);
  }
  const match = typeof value === 'string' ? PATTERN.exec(value.trim()) : null;
  if (!match) {
    throw new RangeError(
      `Invalid ${what}: '${String(value)}' (expected e.g. '300ms', '30s', '7d')`,
    );
  }
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}
