import type { ErrorType } from '../protocol/error-codes';
import type { StoredBatch } from './types';

/** Kafka keeps the last five batches per producer to recognise retried duplicates (KIP-98). */
const RETAINED_BATCHES = 5;
const INT32_MAX = 2147483647;

interface ProducerEntry {
  epoch: number;
  batches: { firstSeq: number; lastSeq: number; baseOffset: number }[];
}

export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly baseOffset: number }
  | { readonly kind: 'reject'; readonly error: ErrorType };

type BatchIdentity = Pick<
  StoredBatch,
  'producerId' | 'producerEpoch' | 'baseSequence' | 'recordCount' | 'baseOffset'
>;

/**
 * Idempotent-producer bookkeeping for one partition (KIP-98): a batch from a known producer
 * must continue its sequence exactly; a retry of one of the last five batches is answered with
 * its original offset and not written again; anything else is out of order.
 */
export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  check(batch: Omit<BatchIdentity, 'baseOffset'>): SequenceCheck {
    if (batch.producerId < 0) return { kind: 'append' };
    const entry = this.producers.get(batch.producerId);
    if (entry && batch.producerEpoch < entry.epoch) {
      return { kind: 'reject', error: 'INVALID_PRODUCER_EPOCH' };
    }
    if (!entry || batch.producerEpoch > entry.epoch) {
      return batch.baseSequence === 0
        ? { kind: 'append' }
        : { kind: 'reject', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' };
    }
    const lastSeq = lastSequence(batch.baseSequence, batch.recordCount);
    const duplicate = entry.batches.find((b) => b.firstSeq === batch.baseSequence);
    if (duplicate && duplicate.lastSeq === lastSeq) {
      return { kind: 'duplicate', baseOffset: duplicate.baseOffset };
    }
    const expected = nextSequence(entry.batches[entry.batches.length - 1]?.lastSeq ?? -1);
    return batch.baseSequence === expected
      ? { kind: 'append' }
      : { kind: 'reject', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' };
  }

  /** Records an appended batch (also used to rebuild state from the log after a restart). */
  record(batch: BatchIdentity): void {
    if (batch.producerId < 0) return;
    let entry = this.producers.get(batch.producerId);
    if (!entry || batch.producerEpoch > entry.epoch) {
      entry = { epoch: batch.producerEpoch, batches: [] };
      this.producers.set(batch.producerId, entry);
    }
    const lastSeq = lastSequence(batch.baseSequence, batch.recordCount);
    entry.batches.push({ firstSeq: batch.baseSequence, lastSeq, baseOffset: batch.baseOffset });
    if (entry.batches.length > RETAINED_BATCHES) entry.batches.shift();
  }
}

/** Sequences wrap from INT32_MAX to 0. */
function lastSequence(first: number, count: number): number {
  const last = first + count - 1;
  return last > INT32_MAX ? last - INT32_MAX - 1 : last;
}

function nextSequence(last: number): number {
  return last === INT32_MAX ? 0 : last + 1;
}
