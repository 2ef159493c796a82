import { DecodeError } from './decoder';

/** Thrown for a size prefix the broker refuses to buffer; the connection is closed. */
export class FrameTooLargeError extends Error {
  override readonly name = 'FrameTooLargeError';
}

/** Smallest request: api_key, api_version, correlation_id and a client_id length. */
export const MIN_REQUEST_BYTES = 10;

/**
 * Splits a TCP byte stream into size-prefixed request frames (int32 length, then payload),
 * buffering partial frames across `data` events.
 */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes needed before the next frame is complete; avoids re-joining chunks of a big frame. */
  private needed = 4;

  /** `minFrameBytes` defaults to a request's minimum; a client reading responses passes 4. */
  constructor(
    private readonly maxFrameBytes: number,
    private readonly minFrameBytes = MIN_REQUEST_BYTES,
  ) {}

  /** Adds received bytes and returns every frame now complete (payloads without the prefix). */
  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.needed) return [];
    const frames: Buffer[] = [];
    let buffer = this.pending.length === 1 ? chunk : Buffer.concat(this.pending, this.pendingBytes);
    while (buffer.length >= 4) {
      const size = buffer.readInt32BE(0);
      this.checkSize(size);
      this.needed = 4 + size;
      if (buffer.length < this.needed) break;
      this.needed = 4;
      frames.push(buffer.subarray(4, 4 + size));
      buffer = buffer.subarray(4 + size);
    }
    this.pending = buffer.length > 0 ? [buffer] : [];
    this.pendingBytes = buffer.length;
    return frames;
  }

  private checkSize(size: number): void {
    if (size > this.maxFrameBytes) {
      throw new FrameTooLargeError(`frame of ${size} bytes exceeds ${this.maxFrameBytes}`);
    }
    if (size < this.minFrameBytes) throw new DecodeError(`frame of ${size} bytes is too short`);
  }
}

/** Prefixes a response payload with its int32 size. */
export function frameResponse(payload: Buffer): Buffer {
  const size = Buffer.allocUnsafe(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload], payload.length + 4);
}
