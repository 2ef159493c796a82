import { Decoder } from '../protocol/decoder';
import { Encoder } from '../protocol/encoder';
import type { BatchHeader, BatchLocation, IndexedBatch } from './types';

/**
 * One `.index` entry per batch, next to its `.log` segment: where the batch is and the header
 * facts the broker needs, so a restart does not have to read and CRC-check every segment
 * (only the tail the index does not cover yet). Fixed size, written with the fluent encoder:
 * base_offset int64, last_offset_delta int32, max_timestamp int64, producer_id int64,
 * producer_epoch int16, base_sequence int32, record_count int32, position int32, size int32.
 */
export const INDEX_ENTRY_BYTES = 46;

export function encodeIndexEntry(batch: BatchHeader, location: BatchLocation): Buffer {
  return new Encoder()
    .writeInt64(batch.baseOffset)
    .writeInt32(batch.lastOffset - batch.baseOffset)
    .writeInt64(batch.maxTimestamp)
    .writeInt64(batch.producerId)
    .writeInt16(batch.producerEpoch)
    .writeInt32(batch.baseSequence)
    .writeInt32(batch.recordCount)
    .writeInt32(location.position)
    .writeInt32(location.size)
    .toBuffer();
}

/**
 * Entries of an index file that are whole, contiguous and inside a log of `logSize` bytes;
 * reading stops at the first entry that is not (an index is written after its batch, so a
 * crash can leave it one entry short or with a partial entry, never ahead of the log).
 */
export function decodeIndex(bytes: Buffer, segment: number, logSize: number): IndexedBatch[] {
  const entries: IndexedBatch[] = [];
  const decoder = new Decoder(bytes);
  let expected = 0;
  while (decoder.remaining >= INDEX_ENTRY_BYTES) {
    const entry = decodeEntry(decoder, segment);
    const { position, size } = entry.location;
    if (position !== expected || size <= 0 || position + size > logSize) break;
    entries.push(entry);
    expected = position + size;
  }
  return entries;
}

function decodeEntry(decoder: Decoder, segment: number): IndexedBatch {
  const baseOffset = decoder.readInt64();
  const lastOffset = baseOffset + decoder.readInt32();
  return {
    baseOffset,
    lastOffset,
    maxTimestamp: decoder.readInt64(),
    producerId: decoder.readInt64(),
    producerEpoch: decoder.readInt16(),
    baseSequence: decoder.readInt32(),
    recordCount: decoder.readInt32(),
    location: { segment, position: decoder.readInt32(), size: decoder.readInt32() },
  };
}
