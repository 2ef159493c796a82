import { ProducerStateTable, type SequenceCheck } from './producer-state';
import type { SegmentStore } from './segment-store';
import type { StoredBatch } from './types';

/** Result of a read: the batches to send, or a reason there are none. */
export type LogRead =
  | { readonly ok: true; readonly batches: Buffer[] }
  | { readonly ok: false; readonly error: 'OFFSET_OUT_OF_RANGE' };

/**
 * One partition's append-only log. Batches stay in memory (and, with a data dir, also in
 * segment files); offsets are dense, so the high watermark is simply the next offset: on a
 * single node every acknowledged write is already "replicated to all in-sync replicas".
 */
export class PartitionLog {
  private readonly batches: StoredBatch[] = [];
  private readonly producers = new ProducerStateTable();
  private next = 0;

  constructor(private readonly store: SegmentStore | null = null) {}

  /** Restores batches read back from segment files. */
  restore(batches: readonly StoredBatch[]): void {
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
    this.store?.append(batch);
    this.remember(batch);
  }

  /** Batches from the one containing `offset`, up to `maxBytes` but always at least one. */
  read(offset: number, maxBytes: number): LogRead {
    if (offset < 0 || offset > this.next) return { ok: false, error: 'OFFSET_OUT_OF_RANGE' };
    const batches: Buffer[] = [];
    let size = 0;
    for (let i = this.indexOf(offset); i < this.batches.length; i++) {
      const bytes = this.batches[i].bytes;
      if (batches.length > 0 && size + bytes.length > maxBytes) break;
      batches.push(bytes);
      size += bytes.length;
    }
    return { ok: true, batches };
  }

  /** First batch whose max timestamp reaches `timestamp` (the caller finds the record in it). */
  batchAtTimestamp(timestamp: number): StoredBatch | undefined {
    return this.batches.find((batch) => batch.maxTimestamp >= timestamp);
  }

  close(): void {
    this.store?.close();
  }

  private remember(batch: StoredBatch): void {
    this.batches.push(batch);
    this.producers.record(batch);
    this.next = batch.lastOffset + 1;
  }

  /** Binary search for the first batch whose last offset is >= `offset`. */
  private indexOf(offset: number): number {
    let low = 0;
    let high = this.batches.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.batches[mid].lastOffset < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
