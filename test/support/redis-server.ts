import { type ChildProcess, spawn } from 'node:child_process';
import Redis, { type RedisOptions } from 'ioredis';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

/**
 * A throw-away `redis-server` on a loopback port of its own, no persistence (a restarted one is
 * empty, like a replacement node). It can be SIGKILLed and started again on the same port. The
 * one Redis spawner of tests and chaos.
 */
export class RedisServer {
  private child?: ChildProcess;
  private readonly clients: Redis[] = [];

  private constructor(
    readonly port: number,
    private readonly attach?: (child: ChildProcess) => void,
  ) {}

  /** Starts one on a free port; `attach` sees each child spawned (chaos tracks them to kill on exit). */
  static async start(attach?: (child: ChildProcess) => void): Promise<RedisServer> {
    const redis = new RedisServer(await freePort(), attach);
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && !this.child.signalCode;
  }

  /** Starts the server (after a kill) and resolves once it answers PING. */
  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', ''];
    const child = spawn('redis-server', [...args, '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    this.attach?.(child);
    await waitFor(
      `redis-server on ${this.port} to answer PING`,
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
        return this.ping();
      },
      10_000,
      50,
    );
  }

  /** A new client to this server, disconnected by `stop()`. */
  client(options: RedisOptions = {}): Redis {
    const client = new Redis(this.port, '127.0.0.1', { maxRetriesPerRequest: 1, ...options });
    this.clients.push(client);
    return client;
  }

  /** SIGKILL: no shutdown, no goodbye to clients. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Disconnects the clients it made, then kills the server. */
  async stop(): Promise<void> {
    this.clients.forEach((c) => c.disconnect());
    await this.kill();
  }

  /** Keys in the server now (after a restart: what was written back since). */
  async dbsize(): Promise<number> {
    const client = new Redis(this.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
    try {
      return await client.dbsize();
    } finally {
      client.disconnect();
    }
  }

  async ping(): Promise<boolean> {
    const client = new Redis(this.port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 500,
    });
    client.on('error', () => undefined); // refused while starting: the answer is just "not yet"
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}
