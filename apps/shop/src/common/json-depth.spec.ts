import { jsonDepthExceeds } from './json-depth';

describe('jsonDepthExceeds', () => {
  const nest = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));

  it('allows ordinary payloads and nesting up to the limit', () => {
    expect(jsonDepthExceeds(Buffer.from('{"productId":1,"quantity":2}'))).toBe(false);
    expect(jsonDepthExceeds(nest(32))).toBe(false);
  });

  it('flags nesting beyond the limit', () => {
    expect(jsonDepthExceeds(nest(33))).toBe(true);
  });

  it('ignores brackets inside strings, including escaped quotes', () => {
    const tricky = JSON.stringify({ s: '[[[[{{{{\\"' + '['.repeat(100) });
    expect(jsonDepthExceeds(Buffer.from(tricky))).toBe(false);
  });
});
