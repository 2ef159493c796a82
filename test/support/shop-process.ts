import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');

/** Variables a test must not inherit: the child decides its backends only from what it is given. */
const BACKEND_VARS = [
  'DATABASE_URL',
  'REDIS_URL',
  'REDIS_CLUSTER_NODES',
  'KAFKA_BROKERS',
  'RABBITMQ_URL',
  'PORT',
  'DATABASE_SCHEMA',
];

export interface ShopProcess {
  proc: ChildProcess;
  output: () => string;
  port: number;
  url: (path: string) => string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Extra Node options for every process started here, from the test run's environment: e.g.
 * `SHOP_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` to profile the shops of a test.
 */
const EXTRA_NODE_ARGS = (process.env.SHOP_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

/** Runs a TypeScript entry point the way `npm start` does (swc-node, no build). */
export function runTs(entry: string, args: string[], env: Record<string, string>): ChildProcess {
  const base = { ...process.env };
  for (const v of BACKEND_VARS) delete base[v];
  return spawn(process.execPath, [...EXTRA_NODE_ARGS, '-r', '@swc-node/register', entry, ...args], {
    cwd: REPO_ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(proc: ChildProcess): {
  output: () => string;
  exited: Promise<number | null>;
} {
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((res) => proc.on('exit', (code) => res(code)));
  return { output: () => out, exited };
}

/**
 * Starts `apps/shop/src/main.ts` on a free port and resolves once it listens (the port is read from
 * the info-level "shop listening" line, so LOG_LEVEL must be info or lower).
 */
export async function startShopProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ShopProcess> {
  const proc = runTs('apps/shop/src/main.ts', [], { PORT: '0', ...env });
  const { output, exited } = collect(proc);
  const port = await new Promise<number>((res, rej) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      proc.kill('SIGKILL'); // never leave an orphan behind a failed start
      rej(new Error(`shop did not start:\n${output()}`));
    }, timeoutMs);
    const poll = setInterval(() => {
      const m = /shop listening on http:\/\/localhost:(\d+)/.exec(output());
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        res(Number(m[1]));
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      rej(new Error(`shop exited with ${code}:\n${output()}`));
    });
  });
  return {
    proc,
    output,
    port,
    exited,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}
