/**
 * Warm cached reads: requests/s of `GET /products/:id` (Bulwark: Bloom + L1 + L2) against, in the
 * same run and the same app process,
 *   - the ceiling: `GET /bench/constant`, a product-shaped constant through the same HTTP stack;
 *   - the baseline: the same product read under @nestjs/cache-manager's CacheInterceptor on Redis.
 * One shop instance (a child process) and autocannon in this process, on loopback.
 *
 *   npm run bench:cache-hit            (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_ROUNDS to tune)
 */
import autocannon from 'autocannon';
import { ChildProcess, fork, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { Redis } from 'ioredis';

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ROOT = resolve(__dirname, '..');

interface Row {
  name: string;
  path: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

async function sql(text: string): Promise<void> {
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(text).finally(() => c.end());
}

function startApp(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(resolve(ROOT, 'bench/cache-hit-app.ts'), [], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((res, rej) => {
    child.once('message', (m: { port: number }) => res({ child, port: m.port }));
    child.once('exit', (code) => rej(new Error(`bench app exited with ${code}`)));
  });
}

async function load(base: string, name: string, path: string, seconds: number): Promise<Row> {
  const r = await autocannon({ url: base + path, connections: CONNECTIONS, duration: seconds });
  return {
    name,
    path,
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
  };
}

async function main(): Promise<void> {
  const id = randomBytes(3).toString('hex');
  const schema = `bench_hit_${id}`;
  const prefix = `bench_hit_${id}`;
  const env = {
    DATABASE_URL: PG_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  };
  await sql(`CREATE SCHEMA "${schema}"`);
  const seeded = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/shop/src/seed.ts', '--products', '1000'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    },
  );
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const { child, port } = await startApp(env);
  const base = `http://127.0.0.1:${port}`;
  const routes: [string, string][] = [
    ['ceiling: constant route', '/bench/constant'],
    ['Bulwark @Cacheable (Bloom + L1 + L2)', '/products/1'],
    ['@nestjs/cache-manager CacheInterceptor (Redis)', '/bench/interceptor/1'],
  ];
  try {
    for (const [, path] of routes) await load(base, 'warm-up', path, 2); // JIT and caches warm
    const results = new Map<string, Row[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, path] of routes) {
        const row = await load(base, name, path, SECONDS);
        results.set(name, [...(results.get(name) ?? []), row]);
      }
    }
    // Rounds alternate routes so drift of the shared machine hits all three alike; keep each's best.
    const rows = routes.map(([name]) =>
      results.get(name)!.reduce((a, b) => (b.rps > a.rps ? b : a)),
    );
    const [ceiling, bulwark, interceptor] = rows;
    const summary = {
      bench: 'cache-hit',
      instances: 1,
      connections: CONNECTIONS,
      seconds: SECONDS,
      rounds: ROUNDS,
      rows,
      bulwarkVsCeiling: +(bulwark.rps / ceiling.rps).toFixed(3),
      bulwarkVsCacheInterceptor: +(bulwark.rps / interceptor.rps).toFixed(3),
      targets: { vsCeiling: 0.85, vsCacheInterceptor: 1.3 },
      pass:
        bulwark.rps / ceiling.rps >= 0.85 &&
        bulwark.rps / interceptor.rps >= 1.3 &&
        rows.every((r) => r.non2xx === 0),
    };
    console.log(JSON.stringify(summary));
    console.log(
      '\nroute                                            req/s     p50 ms  p99 ms  non-2xx',
    );
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(48)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p50Ms).padStart(8)} ${String(r.p99Ms).padStart(7)} ${String(r.non2xx).padStart(8)}`,
      );
    }
    console.log(
      `\nBulwark = ${summary.bulwarkVsCeiling}× the ceiling (target ≥ 0.85), ${summary.bulwarkVsCacheInterceptor}× CacheInterceptor (target ≥ 1.3); 1 instance`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await sql(`DROP SCHEMA "${schema}" CASCADE`);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
