import { jsonDepthExceeds } from './json-depth';

describe('jsonDepthExceeds', () => {
  it('counts each object or array as one level', () => {
    expect(jsonDepthExceeds(1, 0)).toBe(false);
    expect(jsonDepthExceeds({ a: [1] }, 2)).toBe(false);
    expect(jsonDepthExceeds({ a: [1] }, 1)).toBe(true);
    expect(jsonDepthExceeds({ a: 1, b: { c: { d: null } } }, 2)).toBe(true);
  });

  it('handles values far deeper than the stack allows recursion for', () => {
    const deep = JSON.parse('['.repeat(50_000) + ']'.repeat(50_000)) as unknown;
    expect(jsonDepthExceeds(deep, 32)).toBe(true);
  });
});
