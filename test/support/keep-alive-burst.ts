import { connect, type Socket } from 'node:net';

/** One answer of a {@link KeepAliveBurst}: what a test reads, and the client-side latency. */
export interface BurstAnswer {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
  ms: number;
}

interface Pending {
  resolve: (a: BurstAnswer) => void;
  reject: (e: Error) => void;
  started: number;
}

/** One keep-alive connection carrying one request at a time. */
class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending?: Pending;

  constructor(
    private readonly socket: Socket,
    private readonly host: string,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  get(path: string, headers: string): Promise<BurstAnswer> {
    if (this.pending) return Promise.reject(new Error('one request at a time per connection'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, started: performance.now() };
      this.socket.write(`GET ${path} HTTP/1.1\r\nhost: ${this.host}\r\n${headers}\r\n`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.pending) return;
    const [statusLine, ...lines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (headers['content-length'] === undefined) {
      // Every answer of the shop has a length; a chunked one would need a real HTTP parser.
      this.fail(new Error(`an answer without content-length: ${statusLine}`));
      return;
    }
    const length = Number(headers['content-length']);
    if (this.buffer.length < end + 4 + length) return;
    const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(end + 4 + length);
    const { resolve, started } = this.pending;
    this.pending = undefined;
    resolve({
      status: Number(statusLine.split(' ')[1]),
      headers,
      body,
      ms: performance.now() - started,
    });
  }

  private fail(err: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(err);
  }
}

/**
 * A burst of simultaneous GETs, one per connection opened beforehand, with next to no client
 * work per request. Why not fetch or node:http: on 2 cores the client shares the CPU with the
 * shops it measures, and undici's or node:http's per-request cost (~50-100 µs) puts the client,
 * not the shops, at the tail of a 500-request burst. Here a request is one write of a prepared
 * line and an answer one header split.
 */
export class KeepAliveBurst {
  private constructor(private readonly connections: Connection[]) {}

  /** Opens `perOrigin` connections to each origin (`http://host:port`). */
  static async open(origins: string[], perOrigin: number): Promise<KeepAliveBurst> {
    const connections = await Promise.all(
      origins.flatMap((origin) => {
        const { hostname, port, host } = new URL(origin);
        return Array.from(
          { length: perOrigin },
          () =>
            new Promise<Connection>((resolve, reject) => {
              const socket = connect({ host: hostname, port: Number(port) }, () =>
                resolve(new Connection(socket, host)),
              );
              socket.once('error', reject);
            }),
        );
      }),
    );
    // Round-robin over the origins: connection i of the burst goes to origin i % origins.
    const byOrigin = origins.map((_, o) => connections.slice(o * perOrigin, (o + 1) * perOrigin));
    return new KeepAliveBurst(
      Array.from(
        { length: connections.length },
        (_, i) => byOrigin[i % origins.length][Math.floor(i / origins.length)],
      ),
    );
  }

  /** One GET of `path` on every connection at once; answers in connection order. */
  get(path: string, headers: Record<string, string> = {}): Promise<BurstAnswer[]> {
    const extra = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    return Promise.all(this.connections.map((c) => c.get(path, extra)));
  }

  close(): void {
    for (const c of this.connections) c.close();
  }
}
