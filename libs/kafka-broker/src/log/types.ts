/** What the log keeps about one batch; the bytes are opaque here (protocol/ reads them). */
export interface StoredBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
  readonly bytes: Buffer;
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
