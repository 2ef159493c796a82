import { toMs } from './duration';

describe('toMs', () => {
  it('should accept numbers and unit strings', () => {
    expect(toMs(250)).toBe(250);
    expect(toMs('300ms')).toBe(300);
    expect(toMs('30s')).toBe(30_000);
    expect(toMs('1.5s')).toBe(1_500);
    expect(toMs('2m')).toBe(120_000);
    expect(toMs('1h')).toBe(3_600_000);
  });

  it('should reject malformed values with the option name', () => {
    expect(() => toMs('3 days' as never, 'timeout')).toThrow(/Invalid timeout/);
    expect(() => toMs(-1)).toThrow(RangeError);
  });
});
