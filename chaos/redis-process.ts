import { type ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { exited, track } from './children';
import { freePort } from '../test/support/free-port';
import { until } from './net';

/**
 * The suite's own `redis-server` on a fixed loopback port, so it can be SIGKILLed and started again
 * where the shops expect it. No persistence: a restarted Redis is empty, like a replacement node.
 */
export class RedisProcess {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort());
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
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', ''].concat([
      '--appendonly',
      'no',
    ]);
    this.child = track(spawn('redis-server', args, { stdio: 'ignore' }));
    const child = this.child;
    const up = await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
        return this.ping();
      },
      10_000,
      50,
    );
    if (!up) throw new Error(`redis-server on ${this.port} did not answer PING`);
  }

  /** SIGKILL: no shutdown, no goodbye to clients. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await exited(this.child);
  }

  /** Keys in the server now (after a restart: what the shops wrote back since). */
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
