import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, ftruncateSync } from 'node:fs';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchFormat, StoredBatch } from './types';

/** Roll to a new segment file past this size, as Kafka's `log.segment.bytes` (smaller here). */
export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

const SEGMENT_SUFFIX = '.log';

/**
 * A partition's batches on disk: append-only segment files named by their first offset (as
 * Kafka names them), holding batches exactly as they go on the wire. On open, every segment is
 * scanned and CRC-checked; a torn batch at the tail (crash mid-write) is cut off. The offset
 * index is rebuilt in memory by that scan instead of being kept in `.index` files.
 */
export class SegmentStore {
  private fd = -1;
  private segmentSize = 0;

  constructor(
    private readonly dir: string,
    private readonly format: BatchFormat,
    private readonly segmentBytes = DEFAULT_SEGMENT_BYTES,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Reads every intact batch, oldest first, and reopens the last segment for appends. */
  load(onCorrupt: (file: string, position: number) => void): StoredBatch[] {
    const batches: StoredBatch[] = [];
    const files = this.segmentFiles();
    for (const file of files) {
      const path = join(this.dir, file);
      const buffer = readFileSync(path);
      const valid = this.scan(buffer, batches);
      if (valid < buffer.length) {
        onCorrupt(path, valid);
        const fd = openSync(path, 'r+');
        ftruncateSync(fd, valid);
        closeSync(fd);
      }
      this.segmentSize = valid;
    }
    if (files.length > 0) this.fd = openSync(join(this.dir, files[files.length - 1]), 'a');
    return batches;
  }

  /** Appends one batch; written before the producer is answered, so acks=1 survives a restart. */
  append(batch: StoredBatch): void {
    if (this.fd < 0 || this.segmentSize + batch.bytes.length > this.segmentBytes) {
      this.roll(batch.baseOffset);
    }
    writeSync(this.fd, batch.bytes);
    this.segmentSize += batch.bytes.length;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private scan(buffer: Buffer, into: StoredBatch[]): number {
    let position = 0;
    while (position < buffer.length) {
      const size = this.format.sizeAt(buffer, position);
      if (size < 0) break;
      try {
        into.push(this.format.inspect(Buffer.from(buffer.subarray(position, position + size))));
      } catch {
        break;
      }
      position += size;
    }
    return position;
  }

  private roll(baseOffset: number): void {
    this.close();
    const name = String(baseOffset).padStart(20, '0') + SEGMENT_SUFFIX;
    this.fd = openSync(join(this.dir, name), 'a');
    this.segmentSize = 0;
  }

  private segmentFiles(): string[] {
    return readdirSync(this.dir)
      .filter((file) => file.endsWith(SEGMENT_SUFFIX))
      .sort();
  }
}
