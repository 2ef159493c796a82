import { ProducerStateTable, type SequenceCheck } from './producer-state';
import type { SegmentStore } from './segment-store';
import type { BatchHeader, BatchLocation, IndexedBatch, StoredBatch } from './types';

/** Result of a read: the batches to send, or a reason there are none. */
export type LogRead =
  | { readonly ok: true; readonly batches: Buffer[] }
  | { readonly ok: false; readonly error: 'OFFSET_OUT_OF_RANGE' };

/** A batch in memory (no data dir) or on disk (data dir), found by its header. */
type LogEntry = BatchHeader & { readonly bytes?: Buffer; readonly location?: BatchLocation };

/**
 * One partition's append-only log. Without a store, batches live in memory; with one, they are
 * written to segment files and only their index stays in memory. Offsets are dense, so the
 * high watermark is simply the next offset: on a single node every acknowledged write is
 * already "replicated to all in-sync replicas".
 */
export class PartitionLog {
  private readonly entries: LogEntry[] = [];
  private readonly producers = new ProducerStateTable();
  private next = 0;

  constructor(private readonly store: SegmentStore | null = null) {}

  /** Restores batches found in segment files at start-up. */
  restore(batches: readonly IndexedBatch[]): void {
    for (const batch of batches) this.remember(batch);
  }

  get highWatermark(): number {
    return this.next;
  }

  get logStartOffset(): number {
    return 0;
  }

  /** The offset the next appended batch will start at. */
  get nextOffset(): number {
    return this.next;
  }

  checkSequence(batch: Parameters<ProducerStateTable['check']>[0]): SequenceCheck {
    return this.producers.check(batch);
  }

  /** Appends a batch whose bytes already carry `batch.baseOffset === nextOffset`. */
  append(batch: StoredBatch): void {
    if (batch.baseOffset !== this.next) {
      throw new Error(`append at ${batch.baseOffset}, log end is ${this.next}`);
    }
    if (!this.store) return this.remember(batch);
    const { bytes: _bytes, ...header } = batch;
    this.remember({ ...header, location: this.store.append(batch) });
  }

  /** Batches from the one containing `offset`, up to `maxBytes` but always at least one. */
  read(offset: number, maxBytes: number): LogRead {
    if (offset < 0 || offset > this.next) return { ok: false, error: 'OFFSET_OUT_OF_RANGE' };
    const batches: Buffer[] = [];
    let size = 0;
    for (let i = this.indexOf(offset); i < this.entries.length; i++) {
      const length = this.sizeOf(this.entries[i]);
      if (batches.length > 0 && size + length > maxBytes) break;
      batches.push(this.bytesOf(this.entries[i]));
      size += length;
    }
    return { ok: true, batches };
  }

  /** First batch whose max timestamp reaches `timestamp` (the caller finds the record in it). */
  batchAtTimestamp(timestamp: number): StoredBatch | undefined {
    const entry = this.entries.find((batch) => batch.maxTimestamp >= timestamp);
    return entry && { ...entry, bytes: this.bytesOf(entry) };
  }

  close(): void {
    this.store?.close();
  }

  private remember(entry: LogEntry): void {
    this.entries.push(entry);
    this.producers.record(entry);
    this.next = entry.lastOffset + 1;
  }

  private sizeOf(entry: LogEntry): number {
    return entry.bytes?.length ?? entry.location?.size ?? 0;
  }

  private bytesOf(entry: LogEntry): Buffer {
    if (entry.bytes) return entry.bytes;
    if (!entry.location || !this.store)
      throw new Error(`batch at ${entry.baseOffset} has no bytes`);
    return this.store.read(entry.location);
  }

  /** Binary search for the first batch whose last offset is >= `offset`. */
  private indexOf(offset: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.entries[mid].lastOffset < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
