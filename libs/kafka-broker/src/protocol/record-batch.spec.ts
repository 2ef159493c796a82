import { join } from 'node:path';
import { decodeGoldenRequest, loadGolden } from '../../testing/golden';
import * as produceV7 from './apis/produce/v7';
import {
  Compression,
  decodeRecords,
  InvalidBatchError,
  readBatch,
  splitBatches,
  withBaseOffset,
} from './record-batch';
import { encodeRecordBatch } from './record-batch-encoder';

const records = [
  { timestamp: 1_700_000_000_000, key: Buffer.from('k1'), value: Buffer.from('v1'), headers: [] },
  {
    timestamp: 1_700_000_000_005,
    key: null,
    value: Buffer.alloc(3000, 'x'),
    headers: [
      { key: 'trace', value: Buffer.from('abc') },
      { key: 'empty', value: null },
    ],
  },
];

describe('Protocol > RecordBatch v2', () => {
  it.each([
    ['uncompressed', Compression.none],
    ['gzip', Compression.gzip],
  ])('round-trips records with keys, headers and timestamps (%s)', (_name, compression) => {
    const bytes = encodeRecordBatch({
      records,
      compression,
      producerId: 7,
      producerEpoch: 1,
      baseSequence: 4,
    });
    const info = readBatch(bytes);
    expect(info).toMatchObject({
      recordCount: 2,
      lastOffsetDelta: 1,
      firstTimestamp: 1_700_000_000_000,
      maxTimestamp: 1_700_000_000_005,
      producerId: 7,
      producerEpoch: 1,
      baseSequence: 4,
      compression,
    });
    const stored = withBaseOffset(bytes, 40);
    expect(decodeRecords(stored)).toEqual(records.map((r, i) => ({ ...r, offset: 40 + i })));
  });

  it('detects a flipped bit through CRC-32C and splits concatenated batches', () => {
    const one = encodeRecordBatch({ records: records.slice(0, 1) });
    const two = encodeRecordBatch({ records });
    expect(splitBatches(Buffer.concat([one, two])).map((b) => b.recordCount)).toEqual([1, 2]);
    const corrupt = Buffer.from(two);
    corrupt[corrupt.length - 5] ^= 1;
    expect(() => readBatch(corrupt)).toThrow(InvalidBatchError);
    expect(() => splitBatches(two.subarray(0, two.length - 1))).toThrow(/length/);
  });

  it('reads the batch kafkajs actually produced', () => {
    const golden = loadGolden(join(__dirname, 'apis/produce'), 'v7_kafkajs');
    const { body } = decodeGoldenRequest(produceV7, golden.request);
    const [batch] = splitBatches(body.topics[0].partitions[0].records!);
    expect(decodeRecords(batch.bytes)).toEqual([
      {
        offset: 0,
        timestamp: 1_700_000_000_000,
        key: Buffer.from('k'),
        value: Buffer.from('v'),
        headers: [{ key: 'h', value: Buffer.from('1') }],
      },
    ]);
    expect(batch.producerId).toBeGreaterThan(0);
    expect(batch.baseSequence).toBe(0);
  });
});
