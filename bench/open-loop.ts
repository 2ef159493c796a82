/**
 * An open-loop HTTP/1.1 load generator for `bench/overload.bench.ts`: requests are scheduled at a
 * fixed rate, whether or not earlier ones were answered, and each latency counts from the
 * request's scheduled send time (so a slow server cannot hide its queue by slowing the generator
 * down: no coordinated omission). Raw keep-alive sockets and prebuilt request bytes keep the
 * generator's own cost per request to a few µs; a request finding every connection busy waits in
 * a local queue, and that wait counts too.
 *
 * `closed: true` runs the same sockets as a closed loop instead (each connection sends its next
 * request when the previous is answered): the capacity measurement, with a generator cheap
 * enough to leave the shared cores to the server (autocannon costs them several times more).
 */
import { Socket, connect } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface OpenLoopOptions {
  port: number;
  /** GETs of these paths, in turn; or `requests`, prebuilt (see {@link postJsonRequest}). */
  paths?: readonly string[];
  requests?: readonly Buffer[];
  ratePerSecond: number;
  seconds: number;
  connections: number;
  /** How long to wait for stragglers after the last scheduled send. */
  graceMs: number;
  /** Closed loop: `ratePerSecond` is ignored and every connection keeps one request in flight. */
  closed?: boolean;
}

export interface OpenLoopResult {
  scheduled: number;
  /** Latencies (ms from scheduled send) by status code; 0 = no answer (error or still pending). */
  latencies: Map<number, number[]>;
  /** Latencies of 200s and of 503s scheduled in the second half: the steady state, onset excluded. */
  secondHalf200: number[];
  secondHalf503: number[];
  /** How far behind schedule the generator itself fell, p99, ms: its own lag is in every latency. */
  sendLagP99Ms: number;
  socketErrors: number;
}

interface Conn {
  socket: Socket;
  /** Scheduled time of the request in flight, or -1 when idle. */
  sentFor: number;
  buffer: Buffer | undefined;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** The bytes of a keep-alive `POST` of `body` as JSON, built once and sent many times. */
export function postJsonRequest(path: string, body: unknown): Buffer {
  const json = JSON.stringify(body);
  return Buffer.from(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  );
}

export async function runOpenLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const requests =
    opts.requests ??
    (opts.paths ?? []).map((p) =>
      Buffer.from(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n`),
    );
  if (requests.length === 0) throw new Error('runOpenLoop: no paths or requests');
  const latencies = new Map<number, number[]>();
  const secondHalf200: number[] = [];
  const secondHalf503: number[] = [];
  let halfway = Infinity;
  const record = (status: number, latency: number, scheduledAt: number) => {
    let list = latencies.get(status);
    if (!list) latencies.set(status, (list = []));
    list.push(latency);
    if (scheduledAt < halfway) return;
    if (status === 200) secondHalf200.push(latency);
    else if (status === 503) secondHalf503.push(latency);
  };
  const idle: Conn[] = [];
  const waiting: number[] = []; // scheduled times with no free connection yet
  let socketErrors = 0;
  let next = 0;
  let inFlight = 0;
  let waitHead = 0; // index of the oldest waiting entry (shift() is O(n) on a long queue)

  const send = (conn: Conn, scheduledAt: number) => {
    conn.sentFor = scheduledAt;
    inFlight++;
    conn.socket.write(requests[next++ % requests.length]);
  };
  let closedUntil = Infinity;
  const release = (conn: Conn) => {
    conn.sentFor = -1;
    inFlight--;
    if (opts.closed) {
      const now = performance.now();
      if (now < closedUntil) send(conn, now);
    } else if (waitHead < waiting.length) send(conn, waiting[waitHead++]);
    else idle.push(conn);
  };
  const takeIdle = (): Conn | undefined => {
    let conn = idle.pop();
    while (conn && conn.sentFor === -2) conn = idle.pop();
    return conn;
  };

  const onData = (conn: Conn, chunk: Buffer) => {
    let buf = conn.buffer ? Buffer.concat([conn.buffer, chunk]) : chunk;
    for (;;) {
      const end = buf.indexOf(HEADER_END);
      if (end < 0) break;
      const head = buf.toString('latin1', 0, end);
      const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      const length = match ? Number(match[1]) : 0;
      const total = end + 4 + length;
      if (buf.length < total) break;
      const status = Number(head.slice(9, 12));
      record(status, performance.now() - conn.sentFor, conn.sentFor);
      buf = buf.subarray(total);
      release(conn);
    }
    conn.buffer = buf.length > 0 ? buf : undefined;
  };

  const conns = await Promise.all(
    Array.from(
      { length: opts.connections },
      () =>
        new Promise<Conn>((resolve, reject) => {
          const socket = connect(opts.port, '127.0.0.1');
          socket.setNoDelay(true);
          const conn: Conn = { socket, sentFor: -1, buffer: undefined };
          socket.once('connect', () => resolve(conn));
          socket.once('error', reject);
          socket.on('data', (chunk: Buffer) => onData(conn, chunk));
        }),
    ),
  );
  for (const conn of conns) {
    conn.socket.on('error', () => socketErrors++);
    // A closed connection's request in flight is lost; the generator keeps its other sockets.
    conn.socket.on('close', () => {
      if (conn.sentFor >= 0) {
        record(0, performance.now() - conn.sentFor, conn.sentFor);
        inFlight--;
      }
      conn.sentFor = -2;
    });
    idle.push(conn);
  }

  if (opts.closed) {
    const start = performance.now();
    halfway = start + (opts.seconds * 1000) / 2;
    closedUntil = start + opts.seconds * 1000;
    for (const conn of conns) send(conn, start);
    await new Promise((r) => setTimeout(r, opts.seconds * 1000));
    await drain(opts.graceMs);
    let completed = 0;
    for (const [status, list] of latencies) if (status !== 0) completed += list.length;
    return {
      scheduled: completed,
      latencies,
      secondHalf200,
      secondHalf503,
      sendLagP99Ms: 0,
      socketErrors,
    };
  }

  async function drain(graceMs: number): Promise<void> {
    const graceEnd = performance.now() + graceMs;
    while (performance.now() < graceEnd && (waitHead < waiting.length || inFlight > 0)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const now = performance.now();
    for (let i = waitHead; i < waiting.length; i++) record(0, now - waiting[i], waiting[i]);
    for (const conn of conns) {
      if (conn.sentFor >= 0) record(0, now - conn.sentFor, conn.sentFor);
      conn.sentFor = -2;
      conn.socket.destroy();
    }
  }

  const intervalMs = 1000 / opts.ratePerSecond;
  const total = Math.round(opts.ratePerSecond * opts.seconds);
  const lags: number[] = [];
  const start = performance.now();
  halfway = start + (opts.seconds * 1000) / 2;
  let scheduled = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (scheduled < total && start + scheduled * intervalMs <= now) {
        const at = start + scheduled * intervalMs;
        lags.push(now - at);
        scheduled++;
        const conn = takeIdle();
        if (conn) send(conn, at);
        else waiting.push(at);
      }
      if (scheduled < total) setTimeout(tick, 1);
      else done();
    };
    tick();
  });

  await drain(opts.graceMs);
  lags.sort((a, b) => a - b);
  return {
    scheduled: total,
    latencies,
    secondHalf200,
    secondHalf503,
    sendLagP99Ms: lags.length ? lags[Math.floor(lags.length * 0.99)] : 0,
    socketErrors,
  };
}
