/* Builds RecordBatch v2 bytes the way producers do; used by specs and tools, not by the broker. */
import { gzipSync } from 'node:zlib';
import { crc32c } from './crc32c';
import { Encoder } from './encoder';
import { Compression, type RecordData } from './record-batch';

/** Options for {@link encodeRecordBatch}; used by tests and the bench to build valid batches. */
export interface BatchSpec {
  readonly records: ReadonlyArray<Omit<RecordData, 'offset'>>;
  readonly baseOffset?: number;
  readonly compression?: number;
  readonly producerId?: number;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
}

/** Encodes a RecordBatch v2 exactly as a producer would. */
export function encodeRecordBatch(spec: BatchSpec): Buffer {
  const first = Math.min(...spec.records.map((r) => r.timestamp));
  const max = Math.max(...spec.records.map((r) => r.timestamp));
  const body = new Encoder();
  spec.records.forEach((record, index) => encodeRecord(body, record, index, first));
  const compression = spec.compression ?? Compression.none;
  const records = compression === Compression.gzip ? gzipSync(body.toBuffer()) : body.toBuffer();
  const tail = new Encoder()
    .writeInt16(compression)
    .writeInt32(spec.records.length - 1)
    .writeInt64(first)
    .writeInt64(max)
    .writeInt64(spec.producerId ?? -1)
    .writeInt16(spec.producerEpoch ?? -1)
    .writeInt32(spec.baseSequence ?? -1)
    .writeInt32(spec.records.length)
    .writeRaw(records)
    .toBuffer();
  return new Encoder()
    .writeInt64(spec.baseOffset ?? 0)
    .writeInt32(tail.length + 9)
    .writeInt32(-1)
    .writeInt8(2)
    .writeUInt32(crc32c(tail))
    .writeRaw(tail)
    .toBuffer();
}

function encodeRecord(
  encoder: Encoder,
  record: Omit<RecordData, 'offset'>,
  delta: number,
  first: number,
): void {
  const inner = new Encoder()
    .writeInt8(0)
    .writeVarLong(record.timestamp - first)
    .writeVarInt(delta)
    .writeVarIntBytes(record.key)
    .writeVarIntBytes(record.value)
    .writeVarInt(record.headers.length);
  for (const header of record.headers) {
    inner.writeVarIntBytes(Buffer.from(header.key, 'utf8')).writeVarIntBytes(header.value);
  }
  const bytes = inner.toBuffer();
  encoder.writeVarInt(bytes.length).writeRaw(bytes);
}
