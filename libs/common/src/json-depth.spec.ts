import { jsonDepthExceeds } from './json-depth';

describe('jsonDepthExceeds', () => {
  it('should count objects and arrays as one level each', () => {
    expect(jsonDepthExceeds(1, 0)).toBe(false);
    expect(jsonDepthExceeds({ a: [1] }, 2)).toBe(false);
    expect(jsonDepthExceeds({ a: [1] }, 1)).toBe(true);
    expect(jsonDepthExceeds({ a: 1, b: { c: { d: null } } }, 2)).toBe(true);
  });

  it('should answer for values too deep to walk recursively', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepthExceeds(deep, 32)).toBe(true);
  });
});
