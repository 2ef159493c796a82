/**
 * A duration: milliseconds as a number, or a string such as `'300ms'`, `'30s'`, `'5m'`, `'1h'`.
 * @publicApi
 */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h'}`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;

/**
 * Turns a {@link Duration} into milliseconds. Throws on anything else, so a typo in options
 * stops the app at start rather than silently meaning "no timeout".
 */
export function toMs(value: Duration, what = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Invalid ${what}: ${value}`);
    return value;
  }
  const match = PATTERN.exec(value.trim());
  if (!match) throw new RangeError(`Invalid ${what}: '${value}' (expected e.g. '300ms', '30s')`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}
