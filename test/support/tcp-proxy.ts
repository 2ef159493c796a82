import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (RabbitMQ, Postgres) that a test can cut: `cut(ms)` destroys every open connection
 * and refuses new ones for `ms`, like a network partition that heals. `replyDelayMs` holds every
 * reply chunk back that long (a distant or overloaded server: one round trip costs that much more).
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private refusing = false;
  cuts = 0;
  /** Added to every round trip from now on, on open connections too; 0 = none. */
  replyDelayMs = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server!.address() as AddressInfo).port;
  }

  async cut(downForMs: number): Promise<void> {
    this.cuts++;
    this.refusing = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise((r) => setTimeout(r, downForMs));
    this.refusing = false;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** One timer per chunk, not a queue: chunks keep their order and their delays do not add up. */
  private forward(chunk: Buffer, to: Socket): void {
    if (this.replyDelayMs <= 0) return void to.write(chunk);
    setTimeout(() => to.destroyed || to.write(chunk), this.replyDelayMs);
  }

  private accept(client: Socket): void {
    if (this.refusing) return void client.destroy();
    const upstream = connect(this.targetPort, '127.0.0.1');
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        this.sockets.delete(a);
        b.destroy();
      });
      if (a === client) a.pipe(b);
      else a.on('data', (chunk: Buffer) => this.forward(chunk, b));
    }
  }
}
