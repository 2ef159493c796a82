import { jsonShapeViolation } from './json-shape';

describe('jsonShapeViolation', () => {
  const nest = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));
  const wide = (keys: number) =>
    Buffer.from(`{${Array.from({ length: keys }, (_, i) => `"k${i}":1`).join(',')}}`);

  it('allows ordinary payloads and nesting up to the limit', () => {
    expect(jsonShapeViolation(Buffer.from('{"productId":1,"quantity":2}'))).toBeUndefined();
    expect(jsonShapeViolation(nest(32))).toBeUndefined();
  });

  it('flags nesting beyond the limit', () => {
    expect(jsonShapeViolation(nest(33))).toBe('too-deep');
  });

  it('ignores brackets, colons and quotes inside strings, including escaped quotes', () => {
    const tricky = JSON.stringify({ s: '[[[[{{{{\\"' + '['.repeat(100) + ':'.repeat(100) });
    expect(jsonShapeViolation(Buffer.from(tricky))).toBeUndefined();
  });

  it('flags an object with more keys than the limit, not one at it', () => {
    expect(jsonShapeViolation(wide(64))).toBeUndefined();
    expect(jsonShapeViolation(wide(65))).toBe('too-many-keys');
    expect(jsonShapeViolation(wide(80_000))).toBe('too-many-keys');
  });

  it('counts keys per object: many small objects in an array are fine', () => {
    const positions = JSON.stringify({
      positions: Array.from({ length: 10_000 }, (_, i) => ({ partition: 0, offset: String(i) })),
    });
    expect(jsonShapeViolation(Buffer.from(positions))).toBeUndefined();
  });

  it('counts a nested object apart from its parent', () => {
    const inner = `{${Array.from({ length: 60 }, (_, i) => `"i${i}":1`).join(',')}}`;
    const body = `{${Array.from({ length: 60 }, (_, i) => `"o${i}":${i === 0 ? inner : 1}`).join(',')}}`;
    expect(jsonShapeViolation(Buffer.from(body))).toBeUndefined();
  });
});
