/** The header facts the log needs about a batch (offsets, time, idempotence). */
export interface BatchHeader {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
}

/** A batch with its bytes; the bytes are opaque here (protocol/ reads them). */
export interface StoredBatch extends BatchHeader {
  readonly bytes: Buffer;
}

/** Where a batch sits on disk: segment (by base offset), byte position and size. */
export interface BatchLocation {
  readonly segment: number;
  readonly position: number;
  readonly size: number;
}

/** A batch known from a segment's index, its bytes left on disk until read. */
export interface IndexedBatch extends BatchHeader {
  readonly location: BatchLocation;
}

/**
 * How the log finds and checks batches in a segment file without knowing the wire format;
 * the server passes protocol/record-batch's implementation.
 */
export interface BatchFormat {
  /** Size of the complete batch at `offset`, or -1 when the rest is truncated. */
  sizeAt(buffer: Buffer, offset: number): number;
  /** Reads a batch's header, or throws when its checksum fails. */
  inspect(bytes: Buffer): StoredBatch;
}
