import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of Postgres that can make it slow or unreachable.
 *
 * Slow: every chunk, in both directions, is held for `latencyMs` before it is forwarded, so each
 * query round trip costs at least twice that (a real network delay, not a sleep in the server:
 * Postgres itself stays fast, which is what a congested link or an overloaded host looks like to
 * the client). Chunks keep their order even when the latency changes mid-stream.
 * Unreachable: open connections are destroyed and new ones refused until `restore()`.
 */
export class FaultProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private refusing = false;
  private latencyMs = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  slow(latencyMs: number): void {
    this.latencyMs = latencyMs;
  }

  cut(): void {
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.refusing = false;
    this.latencyMs = 0;
  }

  async stop(): Promise<void> {
    this.cut();
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
      this.forward(from, to);
    }
  }

  private forward(from: Socket, to: Socket): void {
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
      // Never earlier than the chunk before it: a latency drop must not reorder the stream.
      const due = Math.max(Date.now() + this.latencyMs, lastDue);
      lastDue = due;
      queue.push({ due, chunk });
      if (timer === undefined) flush();
    });
    from.on('close', () => clearTimeout(timer));
  }
}
