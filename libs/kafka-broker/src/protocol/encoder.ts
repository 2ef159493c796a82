const CHUNK = 4096;

/**
 * Builds a response with chained writes (`e.writeInt16(0).writeInt32(n)`). Large payloads
 * (record sets) are kept as separate chunks and joined once in {@link Encoder.toBuffer}, so a
 * Fetch response never copies stored batches more than once.
 */
export class Encoder {
  private readonly chunks: Buffer[] = [];
  private current = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  writeInt8(value: number): this {
    this.reserve(1).writeInt8(value, this.used);
    return this.advance(1);
  }

  writeBoolean(value: boolean): this {
    return this.writeInt8(value ? 1 : 0);
  }

  writeInt16(value: number): this {
    this.reserve(2).writeInt16BE(value, this.used);
    return this.advance(2);
  }

  writeInt32(value: number): this {
    this.reserve(4).writeInt32BE(value, this.used);
    return this.advance(4);
  }

  writeUInt32(value: number): this {
    this.reserve(4).writeUInt32BE(value, this.used);
    return this.advance(4);
  }

  writeInt64(value: number | bigint): this {
    this.reserve(8).writeBigInt64BE(BigInt(value), this.used);
    return this.advance(8);
  }

  writeString(value: string): this {
    return this.writeNullableString(value);
  }

  writeNullableString(value: string | null): this {
    if (value === null) return this.writeInt16(-1);
    const bytes = Buffer.from(value, 'utf8');
    return this.writeInt16(bytes.length).writeRaw(bytes);
  }

  writeBytes(value: Buffer): this {
    return this.writeInt32(value.length).writeRaw(value);
  }

  writeNullableBytes(value: Buffer | null): this {
    return value === null ? this.writeInt32(-1) : this.writeBytes(value);
  }

  /** Length-prefixed concatenation of `parts` (a record set) without joining them first. */
  writeBytesList(parts: readonly Buffer[]): this {
    const size = parts.reduce((sum, part) => sum + part.length, 0);
    this.writeInt32(size);
    for (const part of parts) this.writeRaw(part);
    return this;
  }

  writeArray<T>(items: readonly T[], writer: (encoder: Encoder, item: T) => void): this {
    this.writeInt32(items.length);
    for (const item of items) writer(this, item);
    return this;
  }

  writeNullableArray<T>(items: readonly T[] | null, writer: (e: Encoder, item: T) => void): this {
    return items === null ? this.writeInt32(-1) : this.writeArray(items, writer);
  }

  writeUVarInt(value: number): this {
    let rest = value;
    while (rest >= 0x80) {
      this.writeUInt8((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    return this.writeUInt8(rest);
  }

  writeVarInt(value: number): this {
    return this.writeUVarInt(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  writeVarLong(value: number): this {
    const big = BigInt(value);
    let rest = (big << 1n) ^ (big >> 63n);
    while (rest >= 0x80n) {
      this.writeUInt8(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    return this.writeUInt8(Number(rest));
  }

  writeVarIntBytes(value: Buffer | null): this {
    return value === null ? this.writeVarInt(-1) : this.writeVarInt(value.length).writeRaw(value);
  }

  writeRaw(bytes: Uint8Array): this {
    if (bytes.length > CHUNK / 2) {
      this.flush();
      this.chunks.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
      this.total += bytes.length;
      return this;
    }
    this.reserve(bytes.length).set(bytes, this.used);
    return this.advance(bytes.length);
  }

  toBuffer(): Buffer {
    this.flush();
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
  }

  private writeUInt8(value: number): this {
    this.reserve(1)[this.used] = value;
    return this.advance(1);
  }

  private reserve(size: number): Buffer {
    if (this.used + size > this.current.length) {
      this.flush();
      this.current = Buffer.allocUnsafe(Math.max(CHUNK, size));
    }
    return this.current;
  }

  private advance(size: number): this {
    this.used += size;
    this.total += size;
    return this;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.chunks.push(this.current.subarray(0, this.used));
    this.current = this.current.subarray(this.used);
    this.used = 0;
  }
}
