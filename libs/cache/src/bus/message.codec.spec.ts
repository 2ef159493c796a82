import { decodeInvalidation, encodeInvalidation } from './message.codec';

describe('invalidation codec', () => {
  it('should round-trip a message', () => {
    const msg = { key: 'product:1', source: 'abc' };
    expect(decodeInvalidation(encodeInvalidation(msg))).toEqual(msg);
  });

  it('should ignore anything malformed instead of throwing', () => {
    expect(decodeInvalidation('not json')).toBeUndefined();
    expect(decodeInvalidation('null')).toBeUndefined();
    expect(decodeInvalidation('{"k":1,"s":"x"}')).toBeUndefined();
  });
});
