import { ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis, { RedisOptions } from 'ioredis';
import { freePort } from '../../../support/free-port';

/** A throw-away `redis-server` on its own port, no persistence; `stop()` kills it. */
export interface TestRedisServer {
  port: number;
  url: string;
  /** A new client to this server. */
  client(options?: RedisOptions): Redis;
  stop(): Promise<void>;
}

async function waitForPing(port: number, proc: ChildProcess): Promise<void> {
  const probe = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    for (let i = 0; i < 100; i++) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`);
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch {
        probe.disconnect();
        await sleep(50);
      }
    }
    throw new Error(`redis-server on ${port} did not answer`);
  } finally {
    probe.disconnect();
  }
}

/** Starts `redis-server` with `--save '' --appendonly no` on a free port. */
export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await waitForPing(port, proc);
  const clients: Redis[] = [];
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    client(options: RedisOptions = {}) {
      const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1, ...options });
      clients.push(client);
      return client;
    },
    async stop() {
      clients.forEach((c) => c.disconnect());
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** Wall-clock time of one awaited call, ms. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}
