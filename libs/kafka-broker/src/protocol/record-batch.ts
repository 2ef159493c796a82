import { gunzipSync } from 'node:zlib';
import { crc32c } from './crc32c';
import { Decoder, DecodeError } from './decoder';

/*
 * RecordBatch v2 (magic 2, KIP-98):
 * baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 * attributes int16 | lastOffsetDelta int32 | firstTimestamp int64 | maxTimestamp int64 |
 * producerId int64 | producerEpoch int16 | baseSequence int32 | records [Record]
 * The CRC-32C covers attributes..end, so the broker may rewrite baseOffset without re-checksumming.
 */
const LENGTH_OFFSET = 8;
const MAGIC_OFFSET = 16;
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;
const RECORDS_COUNT_OFFSET = 57;
/** Bytes before the first record; also the smallest valid batch. */
export const BATCH_HEADER_BYTES = 61;

export const Compression = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

/** Header fields of one stored batch; `bytes` is the whole batch as it goes on the wire. */
export interface BatchInfo {
  readonly bytes: Buffer;
  readonly lastOffsetDelta: number;
  readonly firstTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
  readonly compression: number;
}

/** One record, decoded. */
export interface RecordData {
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: ReadonlyArray<{ key: string; value: Buffer | null }>;
}

export class InvalidBatchError extends Error {
  override readonly name = 'InvalidBatchError';
  constructor(
    message: string,
    readonly corrupt: boolean,
  ) {
    super(message);
  }
}

/** Splits a produce `records` field into its batches, checking magic, length and CRC-32C. */
export function splitBatches(records: Buffer): BatchInfo[] {
  const batches: BatchInfo[] = [];
  let offset = 0;
  while (offset < records.length) {
    if (records.length - offset < BATCH_HEADER_BYTES) {
      throw new InvalidBatchError('truncated record batch', true);
    }
    const size = LENGTH_OFFSET + 4 + records.readInt32BE(offset + LENGTH_OFFSET);
    if (size < BATCH_HEADER_BYTES || offset + size > records.length) {
      throw new InvalidBatchError(`record batch length ${size} out of range`, true);
    }
    batches.push(readBatch(records.subarray(offset, offset + size)));
    offset += size;
  }
  return batches;
}

/** Reads and validates one complete batch. */
export function readBatch(bytes: Buffer): BatchInfo {
  const magic = bytes.readInt8(MAGIC_OFFSET);
  if (magic !== 2) throw new InvalidBatchError(`message format magic ${magic} unsupported`, false);
  if (crc32c(bytes.subarray(ATTRIBUTES_OFFSET)) !== bytes.readUInt32BE(CRC_OFFSET)) {
    throw new InvalidBatchError('record batch CRC-32C mismatch', true);
  }
  const recordCount = bytes.readInt32BE(RECORDS_COUNT_OFFSET);
  const lastOffsetDelta = bytes.readInt32BE(23);
  if (recordCount < 1 || lastOffsetDelta < recordCount - 1) {
    throw new InvalidBatchError(`record count ${recordCount} does not fit the batch`, false);
  }
  return {
    bytes,
    lastOffsetDelta,
    firstTimestamp: Number(bytes.readBigInt64BE(27)),
    maxTimestamp: Number(bytes.readBigInt64BE(35)),
    producerId: Number(bytes.readBigInt64BE(43)),
    producerEpoch: bytes.readInt16BE(51),
    baseSequence: bytes.readInt32BE(53),
    recordCount,
    compression: bytes.readInt16BE(ATTRIBUTES_OFFSET) & 0x07,
  };
}

/** A copy of `bytes` with its base offset set: the only field the broker assigns. */
export function withBaseOffset(bytes: Buffer, baseOffset: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeBigInt64BE(BigInt(baseOffset), 0);
  return copy;
}

/** Base offset of a stored batch. */
export function baseOffsetOf(bytes: Buffer): number {
  return Number(bytes.readBigInt64BE(0));
}

/** Total size of the batch starting at `offset` in `buffer`, or -1 when incomplete. */
export function batchSizeAt(buffer: Buffer, offset: number): number {
  if (buffer.length - offset < BATCH_HEADER_BYTES) return -1;
  const size = LENGTH_OFFSET + 4 + buffer.readInt32BE(offset + LENGTH_OFFSET);
  return size >= BATCH_HEADER_BYTES && offset + size <= buffer.length ? size : -1;
}

/** Decodes the records of a stored batch (uncompressed or gzip); used for timestamp lookups. */
export function decodeRecords(bytes: Buffer): RecordData[] {
  const info = readBatch(bytes);
  const baseOffset = baseOffsetOf(bytes);
  const body = decompress(bytes.subarray(BATCH_HEADER_BYTES), info.compression);
  const decoder = new Decoder(body);
  const records: RecordData[] = [];
  for (let i = 0; i < info.recordCount; i++) {
    records.push(decodeRecord(decoder, baseOffset, info.firstTimestamp));
  }
  return records;
}

function decompress(body: Buffer, compression: number): Buffer {
  if (compression === Compression.none) return body;
  if (compression === Compression.gzip) return gunzipSync(body);
  throw new InvalidBatchError(`compression codec ${compression} cannot be decoded here`, false);
}

function decodeRecord(decoder: Decoder, baseOffset: number, firstTimestamp: number): RecordData {
  const length = decoder.readVarInt();
  const end = decoder.position + length;
  decoder.readInt8(); // attributes: unused in v2 records
  const timestamp = firstTimestamp + decoder.readVarLong();
  const offset = baseOffset + decoder.readVarInt();
  const key = decoder.readVarIntBytes();
  const value = decoder.readVarIntBytes();
  const headerCount = decoder.readVarInt();
  const headers = [];
  for (let i = 0; i < headerCount; i++) {
    const headerKey = decoder.readVarIntBytes();
    headers.push({ key: headerKey?.toString('utf8') ?? '', value: decoder.readVarIntBytes() });
  }
  if (decoder.position !== end) throw new DecodeError('record length does not match its fields');
  return { offset, timestamp, key, value, headers };
}
