import { DecodeError } from './decoder';

/** Thrown for a size prefix the broker refuses to buffer; the connection is closed. */
export class FrameTooLargeError extends Error {
  override readonly name = 'FrameTooLargeError';
}

/** Smallest request: api_key, api_version, correlation_id and a client_id length. */
export const MIN_REQUEST_BYTES = 10;

/**
 * Splits a TCP byte stream into size-prefixed frames (int32 length, then payload), buffering
 * partial frames across `data` events. The broker pulls one frame at a time
 * ({@link nextSize}, then {@link shift}) so it can reserve memory for a frame, or stop, before
 * taking it; clients use {@link push}.
 */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** `minFrameBytes` defaults to a request's minimum; a client reading responses passes 4. */
  constructor(
    private readonly maxFrameBytes: number,
    private readonly minFrameBytes = MIN_REQUEST_BYTES,
  ) {}

  /** Bytes received and not yet returned as frames. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** Adds received bytes and returns every frame now complete (payloads without the prefix). */
  push(chunk: Buffer): Buffer[] {
    this.append(chunk);
    const frames: Buffer[] = [];
    for (let frame = this.shift(); frame; frame = this.shift()) frames.push(frame);
    return frames;
  }

  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /**
   * The declared size of the next frame once its prefix has arrived, else null. Throws for a
   * size out of bounds, so an oversized frame is refused before any of its body is kept.
   */
  nextSize(): number | null {
    if (this.pendingBytes < 4) return null;
    if (this.pending[0].length < 4) this.coalesce();
    const size = this.pending[0].readInt32BE(0);
    if (size > this.maxFrameBytes) {
      throw new FrameTooLargeError(`frame of ${size} bytes exceeds ${this.maxFrameBytes}`);
    }
    if (size < this.minFrameBytes) throw new DecodeError(`frame of ${size} bytes is too short`);
    return size;
  }

  /** The next complete frame's payload, or null while it is still arriving. */
  shift(): Buffer | null {
    const size = this.nextSize();
    if (size === null || this.pendingBytes < 4 + size) return null;
    // Joined once, when the whole frame is here, not on every chunk of a big frame.
    if (this.pending[0].length < 4 + size) this.coalesce();
    const head = this.pending[0];
    const frame = head.subarray(4, 4 + size);
    if (head.length === 4 + size) this.pending.shift();
    else this.pending[0] = head.subarray(4 + size);
    this.pendingBytes -= 4 + size;
    return frame;
  }

  private coalesce(): void {
    this.pending = [Buffer.concat(this.pending, this.pendingBytes)];
  }
}

/** Prefixes a response payload with its int32 size. */
export function frameResponse(payload: Buffer): Buffer {
  const size = Buffer.allocUnsafe(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload], payload.length + 4);
}
