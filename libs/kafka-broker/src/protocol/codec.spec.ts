import { Decoder, DecodeError } from './decoder';
import { Encoder } from './encoder';

describe('Protocol > Encoder and Decoder', () => {
  it.each([
    [0, '00'],
    [-1, '01'],
    [1, '02'],
    [63, '7e'],
    [-64, '7f'],
    [64, '8001'],
    [300, 'd804'],
    [-2147483648, 'ffffffff0f'],
  ])('writes zig-zag varint %i as %s and reads it back', (value, hex) => {
    const bytes = new Encoder().writeVarInt(value).toBuffer();
    expect(bytes.toString('hex')).toBe(hex);
    expect(new Decoder(bytes).readVarInt()).toBe(value);
  });

  it.each([0, -1, 1, 1_700_000_000_000, -1_700_000_000_000, Number.MAX_SAFE_INTEGER])(
    'round-trips varlong %i',
    (value) => {
      expect(new Decoder(new Encoder().writeVarLong(value).toBuffer()).readVarLong()).toBe(value);
    },
  );

  it('writes strings, nullable strings, bytes and arrays in Kafka layout', () => {
    const bytes = new Encoder()
      .writeString('ab')
      .writeNullableString(null)
      .writeBytes(Buffer.from([9]))
      .writeArray([1, 2], (e, n) => e.writeInt16(n))
      .writeNullableArray(null, () => undefined)
      .toBuffer();
    expect(bytes.toString('hex')).toBe(
      '00026162' + 'ffff' + '0000000109' + '0000000200010002' + 'ffffffff',
    );
    const d = new Decoder(bytes);
    expect([d.readString(), d.readNullableString(), d.readBytes()]).toEqual([
      'ab',
      null,
      Buffer.from([9]),
    ]);
    expect(d.readArray((x) => x.readInt16())).toEqual([1, 2]);
    expect(d.readNullableArray((x) => x.readInt16())).toBeNull();
    expect(d.remaining).toBe(0);
  });

  it('keeps large payloads as separate chunks but returns one contiguous buffer', () => {
    const big = Buffer.alloc(10_000, 7);
    const bytes = new Encoder().writeInt8(1).writeBytesList([big, big]).writeInt8(2).toBuffer();
    expect(bytes.length).toBe(1 + 4 + 20_000 + 1);
    expect(bytes.readInt32BE(1)).toBe(20_000);
    expect(bytes[bytes.length - 1]).toBe(2);
  });

  it('refuses to read past the end or trust absurd array lengths', () => {
    expect(() => new Decoder(Buffer.from([0, 5, 97])).readString()).toThrow(DecodeError);
    expect(() => new Decoder(Buffer.from([0x7f, 0, 0, 0])).readArray((d) => d.readInt8())).toThrow(
      /array of 2130706432/,
    );
    expect(() => new Decoder(Buffer.from([0xff, 0xff])).readString()).toThrow(/null/);
    expect(() => new Decoder(Buffer.alloc(6, 0xff)).readUVarInt()).toThrow(/varint/);
  });
});
