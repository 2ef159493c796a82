import { closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync } from 'node:fs';
import { readdirSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { decodeIndex, encodeIndexEntry, INDEX_ENTRY_BYTES } from './segment-index';
import type { BatchFormat, BatchLocation, IndexedBatch, StoredBatch } from './types';

/** Roll to a new segment file past this size, as Kafka's `log.segment.bytes` (smaller here). */
export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

interface Segment {
  readonly baseOffset: number;
  readonly fd: number;
  readonly indexFd: number;
  size: number;
}

/**
 * A partition's batches on disk, as Kafka lays them out: append-only segment files named by
 * their first offset (`00000000000000000042.log`) holding batches exactly as they go on the
 * wire, each with an `.index` of where every batch is. Batches are written before the producer
 * is answered and read back from the file on Fetch, so memory holds only the index.
 */
export class SegmentStore {
  private readonly segments = new Map<number, Segment>();
  private active: Segment | null = null;

  constructor(
    private readonly dir: string,
    private readonly format: BatchFormat,
    private readonly segmentBytes = DEFAULT_SEGMENT_BYTES,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Opens every segment; trusts its index and CRC-checks only the tail the index lacks. */
  load(onCorrupt: (file: string, position: number) => void): IndexedBatch[] {
    const batches: IndexedBatch[] = [];
    for (const baseOffset of this.segmentBaseOffsets()) {
      const segment = this.open(baseOffset);
      batches.push(...this.recover(segment, onCorrupt));
      this.active = segment;
    }
    return batches;
  }

  /** Appends one batch (log first, then its index entry) and says where it went. */
  append(batch: StoredBatch): BatchLocation {
    let segment = this.active;
    if (!segment || segment.size + batch.bytes.length > this.segmentBytes) {
      segment = this.active = this.open(batch.baseOffset);
    }
    const location = {
      segment: segment.baseOffset,
      position: segment.size,
      size: batch.bytes.length,
    };
    writeSync(segment.fd, batch.bytes);
    writeSync(segment.indexFd, encodeIndexEntry(batch, location));
    segment.size += batch.bytes.length;
    return location;
  }

  read(location: BatchLocation): Buffer {
    const segment = this.segments.get(location.segment);
    if (!segment) throw new Error(`segment ${location.segment} is not open`);
    const bytes = Buffer.allocUnsafe(location.size);
    readSync(segment.fd, bytes, 0, location.size, location.position);
    return bytes;
  }

  close(): void {
    for (const segment of this.segments.values()) {
      closeSync(segment.fd);
      closeSync(segment.indexFd);
    }
    this.segments.clear();
    this.active = null;
  }

  private recover(segment: Segment, onCorrupt: (file: string, at: number) => void) {
    const { log, index } = this.paths(segment.baseOffset);
    const indexBytes = existsSync(index) ? readFileSync(index) : Buffer.alloc(0);
    const entries = decodeIndex(indexBytes, segment.baseOffset, segment.size);
    const last = entries[entries.length - 1];
    const indexed = last ? last.location.position + last.location.size : 0;
    const tail = this.scanTail(segment, indexed);
    if (indexed + tail.bytes < segment.size) {
      onCorrupt(log, indexed + tail.bytes);
      ftruncateSync(segment.fd, indexed + tail.bytes);
      segment.size = indexed + tail.bytes;
    }
    const all = [...entries, ...tail.entries];
    if (tail.entries.length > 0 || indexBytes.length !== entries.length * INDEX_ENTRY_BYTES) {
      writeFileSync(index, Buffer.concat(all.map((e) => encodeIndexEntry(e, e.location))));
    }
    return all;
  }

  /** CRC-checks batches after `from`; stops at the first torn or corrupt one. */
  private scanTail(segment: Segment, from: number) {
    const buffer = Buffer.allocUnsafe(segment.size - from);
    readSync(segment.fd, buffer, 0, buffer.length, from);
    const entries: IndexedBatch[] = [];
    let position = 0;
    while (position < buffer.length) {
      const size = this.format.sizeAt(buffer, position);
      if (size < 0) break;
      try {
        // Keep the header only: the bytes stay on disk (and must not pin this buffer).
        const { bytes: _bytes, ...header } = this.format.inspect(
          buffer.subarray(position, position + size),
        );
        const location = { segment: segment.baseOffset, position: from + position, size };
        entries.push({ ...header, location });
      } catch {
        break;
      }
      position += size;
    }
    return { entries, bytes: position };
  }

  private open(baseOffset: number): Segment {
    const { log, index } = this.paths(baseOffset);
    // 'a+': appends always land at the end; positional reads still work.
    const fd = openSync(log, 'a+');
    const segment = { baseOffset, fd, indexFd: openSync(index, 'a'), size: fstatSync(fd).size };
    this.segments.set(baseOffset, segment);
    return segment;
  }

  private paths(baseOffset: number) {
    const name = String(baseOffset).padStart(20, '0');
    return { log: join(this.dir, `${name}.log`), index: join(this.dir, `${name}.index`) };
  }

  private segmentBaseOffsets(): number[] {
    return readdirSync(this.dir)
      .filter((file) => /^\d{20}\.log$/.test(file))
      .map((file) => Number(file.slice(0, 20)))
      .sort((a, b) => a - b);
  }
}
