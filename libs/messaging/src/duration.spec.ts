import { toMs } from './duration';

describe('toMs', () => {
  it('should convert human durations to milliseconds', () => {
    expect(['200ms', '1s', '1.5s', '2m', '1h', '7d'].map((d) => toMs(d as never))).toEqual([
      200, 1_000, 1_500, 120_000, 3_600_000, 604_800_000,
    ]);
  });

  it('should pass numbers through as milliseconds', () => {
    expect(toMs(250)).toBe(250);
  });

  it('should reject malformed values instead of yielding zero', () => {
    expect(() => toMs('10 seconds' as never)).toThrow(/Invalid duration/);
    expect(() => toMs(-1)).toThrow(/Invalid duration/);
  });
});
