/** A duration as milliseconds or a human string such as `'200ms'`, `'10s'`, `'1m'`, `'7d'`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Turns a {@link Duration} into whole milliseconds; throws on a malformed value so a typo in
 * module options stops the app at start rather than producing a zero TTL.
 */
export function toMs(value: Duration): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new Error(`Invalid duration: ${value}`);
    return Math.round(value);
  }
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value);
  if (!match) throw new Error(`Invalid duration: '${value}' (use e.g. '200ms', '10s', '1m')`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}
