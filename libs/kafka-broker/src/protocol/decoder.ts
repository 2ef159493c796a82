/** Thrown when a request is shorter than its own fields say; the connection is then closed. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

/**
 * Reads Kafka's primitive wire types from a buffer, front to back. Every read is bounds-checked
 * so a truncated or lying request raises {@link DecodeError} instead of reading garbage.
 */
export class Decoder {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  get position(): number {
    return this.offset;
  }

  readInt8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  readBoolean(): boolean {
    return this.readInt8() !== 0;
  }

  readInt16(): number {
    return this.buffer.readInt16BE(this.take(2));
  }

  readInt32(): number {
    return this.buffer.readInt32BE(this.take(4));
  }

  readUInt32(): number {
    return this.buffer.readUInt32BE(this.take(4));
  }

  /** int64 as a number: offsets and timestamps stay far below 2^53 in practice. */
  readInt64(): number {
    return Number(this.buffer.readBigInt64BE(this.take(8)));
  }

  readString(): string {
    const value = this.readNullableString();
    if (value === null) throw new DecodeError('null where a string is required');
    return value;
  }

  readNullableString(): string | null {
    const length = this.readInt16();
    if (length < 0) return null;
    const start = this.take(length);
    return this.buffer.toString('utf8', start, start + length);
  }

  readBytes(): Buffer {
    return this.readNullableBytes() ?? Buffer.alloc(0);
  }

  readNullableBytes(): Buffer | null {
    const length = this.readInt32();
    if (length < 0) return null;
    return this.readRaw(length);
  }

  /** `length` bytes as a view (no copy) into the request buffer. */
  readRaw(length: number): Buffer {
    const start = this.take(length);
    return this.buffer.subarray(start, start + length);
  }

  readArray<T>(reader: (decoder: Decoder) => T): T[] {
    return this.readNullableArray(reader) ?? [];
  }

  readNullableArray<T>(reader: (decoder: Decoder) => T): T[] | null {
    const length = this.readInt32();
    if (length < 0) return null;
    // Each element takes at least one byte: a huge count in a small frame is garbage, not a loop.
    if (length > this.remaining)
      throw new DecodeError(`array of ${length} in ${this.remaining} bytes`);
    const items: T[] = [];
    for (let i = 0; i < length; i++) items.push(reader(this));
    return items;
  }

  readUVarInt(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buffer.readUInt8(this.take(1));
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) throw new DecodeError('varint longer than 5 bytes');
    }
  }

  /** Zig-zag signed varint, as used inside records. */
  readVarInt(): number {
    const raw = this.readUVarInt();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  /** Zig-zag signed varlong; record timestamps and offsets deltas use it. */
  readVarLong(): number {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.buffer.readUInt8(this.take(1));
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new DecodeError('varlong longer than 10 bytes');
    }
    return Number((result >> 1n) ^ -(result & 1n));
  }

  /** Bytes whose length is a signed varint (-1 = null), as record keys, values and headers. */
  readVarIntBytes(): Buffer | null {
    const length = this.readVarInt();
    return length < 0 ? null : this.readRaw(length);
  }

  private take(length: number): number {
    if (length < 0 || this.offset + length > this.buffer.length) {
      throw new DecodeError(`need ${length} bytes at ${this.offset} of ${this.buffer.length}`);
    }
    const start = this.offset;
    this.offset += length;
    return start;
  }
}
