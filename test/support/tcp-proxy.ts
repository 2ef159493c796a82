import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { sleep } from './wait-for';

/**
 * A TCP proxy in front of a server (RabbitMQ, Postgres, Redis) that a test or a chaos scenario
 * can make slow or unreachable. The one proxy of tests and chaos.
 *
 * Unreachable: `cut()` destroys every open connection and refuses new ones, until `restore()`,
 * or for `downForMs` when given (a network partition that heals).
 * Slow: every chunk is held back `replyDelayMs` (server → client) or `requestDelayMs`
 * (client → server) before it is forwarded: a real network delay, not a sleep in the server,
 * which stays fast, as a congested link or an overloaded host looks to the client. Delays apply
 * to open connections too, and chunks keep their order even when a delay changes mid-stream.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private refusing = false;
  cuts = 0;
  /** Added to every reply chunk from now on; 0 = none. */
  replyDelayMs = 0;
  /** Added to every request chunk from now on; 0 = none. */
  requestDelayMs = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<number> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  /** Both directions delayed by `latencyMs`: each round trip costs at least twice that. */
  slow(latencyMs: number): void {
    this.replyDelayMs = this.requestDelayMs = latencyMs;
  }

  /** Destroys every open connection and refuses new ones: until `restore()`, or for `downForMs`. */
  async cut(downForMs?: number): Promise<void> {
    this.cuts++;
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (downForMs === undefined) return;
    await sleep(downForMs);
    this.refusing = false;
  }

  /** Accepts connections again, without delays. */
  restore(): void {
    this.refusing = false;
    this.replyDelayMs = this.requestDelayMs = 0;
  }

  async stop(): Promise<void> {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private accept(client: Socket): void {
    if (this.refusing) return void client.destroy();
    const upstream = connect(this.targetPort, '127.0.0.1');
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
      this.forward(from, to, from === client ? () => this.requestDelayMs : () => this.replyDelayMs);
    }
  }

  private forward(from: Socket, to: Socket, delayMs: () => number): void {
    const queue: { due: number; chunk: Buffer }[] = [];
    let lastDue = 0;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      const now = Date.now();
      while (queue.length > 0 && queue[0].due <= now) {
        const { chunk } = queue.shift()!;
        if (!to.destroyed) to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(flush, queue[0].due - now);
    };
    from.on('data', (chunk: Buffer) => {
      const delay = delayMs();
      if (delay <= 0 && queue.length === 0) return void (to.destroyed || to.write(chunk));
      // Never earlier than the chunk before it: a shorter delay must not reorder the stream.
      const due = Math.max(Date.now() + delay, lastDue);
      lastDue = due;
      queue.push({ due, chunk });
      if (timer === undefined) flush();
    });
    from.on('close', () => clearTimeout(timer));
  }
}
