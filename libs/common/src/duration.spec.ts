import { toMs } from './duration';

describe('toMs', () => {
  it('should accept numbers and every unit from ms to d', () => {
    expect(toMs(250)).toBe(250);
    expect(toMs('300ms')).toBe(300);
    expect(toMs('30s')).toBe(30_000);
    expect(toMs('1.5m')).toBe(90_000);
    expect(toMs('2h')).toBe(7_200_000);
    expect(toMs('7d')).toBe(604_800_000);
    expect(toMs(' 5 s ' as never)).toBe(5_000);
  });

  it('should round to whole milliseconds, numbers and strings alike', () => {
    expect(toMs(2.6)).toBe(3);
    expect(toMs('0.0004s')).toBe(0);
    expect(toMs('1.0015s')).toBe(1_002);
  });

  it('should reject malformed values with a RangeError naming the option', () => {
    expect(() => toMs('3 days' as never, 'timeout')).toThrow(/^Invalid timeout: '3 days'/);
    expect(() => toMs('30 seconds' as never)).toThrow(RangeError);
    expect(() => toMs('-1s' as never)).toThrow(RangeError);
    expect(() => toMs('' as never)).toThrow(RangeError);
    expect(() => toMs(-1, 'ttl')).toThrow('Invalid ttl: -1');
    expect(() => toMs(Number.NaN)).toThrow(RangeError);
    expect(() => toMs(Infinity)).toThrow(RangeError);
    expect(() => toMs(undefined as never)).toThrow(RangeError);
  });
});
