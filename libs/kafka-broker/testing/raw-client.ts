import { connect, type Socket } from 'node:net';
import { Decoder } from '../src/protocol/decoder';
import { Encoder } from '../src/protocol/encoder';
import { FrameReader, frameResponse } from '../src/protocol/frame';

/** A bare Kafka protocol client for tests that need exact requests (or broken ones). */
export class RawClient {
  private correlationId = 0;
  private readonly frames = new FrameReader(64 * 1024 * 1024, 4);
  private readonly waiting: ((frame: Buffer) => void)[] = [];
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.frames.push(chunk).forEach((f) => this.waiting.shift()?.(f)));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(socket)));
    });
  }

  /** Sends a request; resolves with a decoder positioned after the response's correlation id. */
  request(apiKey: number, apiVersion: number, body: (e: Encoder) => void): Promise<Decoder> {
    const id = this.send(apiKey, apiVersion, body);
    return new Promise((resolve, reject) => {
      this.waiting.push((frame) => {
        const decoder = new Decoder(frame);
        const got = decoder.readInt32();
        if (got === id) resolve(decoder);
        else reject(new Error(`correlation id ${got}, expected ${id}`));
      });
    });
  }

  /** Sends without waiting for a response (acks=0 produce); returns the correlation id. */
  send(apiKey: number, apiVersion: number, body: (e: Encoder) => void): number {
    const id = ++this.correlationId;
    const encoder = new Encoder().writeInt16(apiKey).writeInt16(apiVersion).writeInt32(id);
    encoder.writeNullableString('raw-client');
    body(encoder);
    this.socket.write(frameResponse(encoder.toBuffer()));
    return id;
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}
