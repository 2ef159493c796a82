import { crc32c } from './crc32c';

describe('Protocol > crc32c', () => {
  // Test vectors from RFC 3720 (iSCSI) appendix B.4 and the common "123456789" check value.
  it.each([
    ['123456789 check value', Buffer.from('123456789'), 0xe3069283],
    ['32 bytes of zeros', Buffer.alloc(32, 0), 0x8a9136aa],
    ['32 bytes of 0xff', Buffer.alloc(32, 0xff), 0x62a8ab43],
    ['32 ascending bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e],
    ['32 descending bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c],
    ['empty input', Buffer.alloc(0), 0],
  ])('matches the %s', (_name, input, expected) => {
    expect(crc32c(input)).toBe(expected);
  });
});
