import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartitionLog } from './partition-log';
import { SegmentStore } from './segment-store';
import type { BatchFormat, StoredBatch } from './types';

/** A fake wire format: 4-byte length, then base offset and record count as one byte each. */
const format: BatchFormat = {
  sizeAt: (buffer, offset) => (buffer.length - offset >= 4 ? 4 + buffer.readInt32BE(offset) : -1),
  inspect: (bytes) => stored(bytes[4], bytes[5], bytes),
};

function stored(baseOffset: number, count: number, bytes?: Buffer): StoredBatch {
  const b = bytes ?? Buffer.from([0, 0, 0, 2, baseOffset, count]);
  return {
    baseOffset,
    lastOffset: baseOffset + count - 1,
    maxTimestamp: baseOffset * 10,
    producerId: -1,
    producerEpoch: -1,
    baseSequence: -1,
    recordCount: count,
    bytes: b,
  };
}

describe('PartitionLog', () => {
  it('reads from the batch containing an offset, honouring maxBytes but never returning nothing', () => {
    const log = new PartitionLog();
    log.append(stored(0, 3));
    log.append(stored(3, 2));
    log.append(stored(5, 4));
    expect(log.highWatermark).toBe(9);
    const read = (offset: number, max: number) => {
      const r = log.read(offset, max);
      return r.ok ? r.batches.length : r.error;
    };
    expect(read(0, 1_000)).toBe(3);
    expect(read(4, 1_000)).toBe(2);
    expect(read(4, 1)).toBe(1);
    expect(read(9, 1_000)).toBe(0);
    expect(read(10, 1_000)).toBe('OFFSET_OUT_OF_RANGE');
    expect(read(-1, 1_000)).toBe('OFFSET_OUT_OF_RANGE');
    expect(log.batchAtTimestamp(31)?.baseOffset).toBe(5);
  });

  it('refuses an append that does not start at the log end', () => {
    const log = new PartitionLog();
    log.append(stored(0, 1));
    expect(() => log.append(stored(5, 1))).toThrow(/log end is 1/);
  });

  it('writes segments with an index and reads batches back from disk after reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'segments-'));
    try {
      const first = new PartitionLog(new SegmentStore(dir, format, 8));
      const written = [stored(0, 2), stored(2, 3), stored(5, 1)];
      written.forEach((batch) => first.append(batch));
      first.close();
      expect(readdirSync(dir).sort()).toEqual([
        '00000000000000000000.index',
        '00000000000000000000.log',
        '00000000000000000002.index',
        '00000000000000000002.log',
        '00000000000000000005.index',
        '00000000000000000005.log',
      ]);
      // A lost index is rebuilt by scanning its segment.
      rmSync(join(dir, '00000000000000000005.index'));
      const store = new SegmentStore(dir, format, 8);
      const reopened = new PartitionLog(store);
      reopened.restore(store.load(() => undefined));
      expect(reopened.highWatermark).toBe(6);
      const read = reopened.read(0, 1_000);
      expect(read.ok && read.batches).toEqual(written.map((b) => b.bytes));
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
