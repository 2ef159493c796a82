import { BadRequestException } from '@nestjs/common';
import { IdPipe } from './id.pipe';

describe('IdPipe', () => {
  const pipe = new IdPipe();

  it.each([
    ['1', 1],
    ['2147483647', 2147483647],
  ])('parses %s', (raw, id) => {
    expect(pipe.transform(raw)).toBe(id);
  });

  it.each(['0', '-1', '1.0', '1e3', '0x10', ' 1', '2147483648', ''])(
    'rejects "%s" with a 400',
    (raw) => {
      expect(() => pipe.transform(raw)).toThrow(BadRequestException);
    },
  );
});
