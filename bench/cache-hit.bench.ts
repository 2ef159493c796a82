/**
 * Warm cached reads: requests/s of `GET /products/:id` (Bulwark: Bloom + L1 + L2) against, in the
 * same run and the same app process,
 *   - the ceiling: `GET /bench/constant/:id`, a product-shaped constant through the same HTTP stack;
 *   - the baseline: the same product read under @nestjs/cache-manager's CacheInterceptor on Redis.
 * One shop instance (a child process) and autocannon in this process, on loopback, at several
 * concurrencies: with 1 connection each request's latency sets the rate, so an L1 hit's saved
 * Redis round trip shows; with 50 the app's CPU does, and every route pays the same HTTP stack
 * (so Bulwark / CacheInterceptor cannot exceed ceiling / CacheInterceptor there). The app's CPU
 * per request is read from /proc for each run.
 *
 *   npm run bench:cache-hit   (BENCH_SECONDS=5, BENCH_CONNECTIONS=1,10,50, BENCH_ROUNDS=2)
 */
import autocannon from 'autocannon';
import { ChildProcess, fork, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import { cpuSeconds } from './process-cpu';
import { printVerdict } from './verdict';

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const TARGETS = { vsCeiling: 0.85, vsCacheInterceptor: 1.3 };
const ROOT = resolve(__dirname, '..');

interface Row {
  name: string;
  path: string;
  connections: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** The app process's CPU time per request, in µs (user + system, from /proc). */
  appCpuUsPerReq: number;
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

async function load(
  base: string,
  name: string,
  path: string,
  connections: number,
  seconds: number,
  pid: number,
): Promise<Row> {
  const cpu0 = cpuSeconds(pid);
  const r = await autocannon({ url: base + path, connections, duration: seconds });
  const cpu = cpuSeconds(pid) - cpu0;
  return {
    name,
    path,
    connections,
    rps: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    appCpuUsPerReq: Math.round((cpu * 1e6) / Math.max(1, r.requests.total)),
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
    ['ceiling: constant route', '/bench/constant/1'],
    ['Bulwark @Cacheable (Bloom + L1 + L2)', '/products/1'],
    ['@nestjs/cache-manager CacheInterceptor (Redis)', '/bench/interceptor/1'],
  ];
  const pid = child.pid!;
  try {
    for (const [, path] of routes) await load(base, 'warm-up', path, 10, 2, pid); // JIT, caches
    const levels = [];
    for (const connections of CONNECTIONS) {
      const results = new Map<string, Row[]>();
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, path] of routes) {
          const row = await load(base, name, path, connections, SECONDS, pid);
          results.set(name, [...(results.get(name) ?? []), row]);
        }
      }
      // Rounds alternate routes so drift of the shared machine hits all three alike; keep each's best.
      const rows = routes.map(([name]) =>
        results.get(name)!.reduce((a, b) => (b.rps > a.rps ? b : a)),
      );
      const [ceiling, bulwark, interceptor] = rows;
      const vsCeiling = +(bulwark.rps / ceiling.rps).toFixed(3);
      const vsCacheInterceptor = +(bulwark.rps / interceptor.rps).toFixed(3);
      const ceilingVsCacheInterceptor = +(ceiling.rps / interceptor.rps).toFixed(3);
      levels.push({
        connections,
        rows,
        bulwarkVsCeiling: vsCeiling,
        bulwarkVsCacheInterceptor: vsCacheInterceptor,
        ceilingVsCacheInterceptor,
        // No cache can beat the constant route: where even it is below 1.3× CacheInterceptor,
        // that target cannot be met by any implementation at this level.
        cacheInterceptorTargetAttainable: ceilingVsCacheInterceptor >= TARGETS.vsCacheInterceptor,
        pass:
          vsCeiling >= TARGETS.vsCeiling &&
          vsCacheInterceptor >= TARGETS.vsCacheInterceptor &&
          rows.every((r) => r.non2xx === 0),
      });
    }
    const attainable = levels.filter((l) => l.cacheInterceptorTargetAttainable);
    const summary = {
      vsCeilingMetAtEveryLevel: levels.every((l) => l.bulwarkVsCeiling >= TARGETS.vsCeiling),
      vsCacheInterceptorMetWhereAttainable:
        attainable.length > 0 &&
        attainable.every((l) => l.bulwarkVsCacheInterceptor >= TARGETS.vsCacheInterceptor),
      attainableAt: attainable.map((l) => l.connections),
    };
    console.log(
      JSON.stringify({
        bench: 'cache-hit',
        instances: 1,
        seconds: SECONDS,
        rounds: ROUNDS,
        targets: TARGETS,
        levels,
        summary,
      }),
    );
    console.log(
      '\nconns  route                                            req/s   p50 ms  p99 ms  non-2xx  app µs/req',
    );
    for (const level of levels) {
      for (const r of level.rows) {
        console.log(
          `${String(level.connections).padStart(5)}  ${r.name.padEnd(48)} ${String(r.rps).padStart(7)} ${String(r.p50Ms).padStart(8)} ${String(r.p99Ms).padStart(7)} ${String(r.non2xx).padStart(8)} ${String(r.appCpuUsPerReq).padStart(11)}`,
        );
      }
      const why = level.cacheInterceptorTargetAttainable
        ? ''
        : ` (the ${TARGETS.vsCacheInterceptor}× target is out of reach at this level for any cache: the constant route itself is ${level.ceilingVsCacheInterceptor}×)`;
      console.log(
        `       Bulwark = ${level.bulwarkVsCeiling}× ceiling (≥ ${TARGETS.vsCeiling}), ${level.bulwarkVsCacheInterceptor}× CacheInterceptor (≥ ${TARGETS.vsCacheInterceptor}); ceiling = ${level.ceilingVsCacheInterceptor}× CacheInterceptor → ${level.pass ? 'pass' : 'miss'}${why}\n`,
      );
    }
    console.log(
      `≥ ${TARGETS.vsCeiling}× ceiling at every level: ${summary.vsCeilingMetAtEveryLevel ? 'yes' : 'no'}; ` +
        `≥ ${TARGETS.vsCacheInterceptor}× CacheInterceptor where any cache could reach it ` +
        `(${summary.attainableAt.join(', ') || 'no level'} connections): ` +
        `${summary.vsCacheInterceptorMetWhereAttainable ? 'yes' : 'no'}`,
    );
    printVerdict(
      summary.vsCeilingMetAtEveryLevel && summary.vsCacheInterceptorMetWhereAttainable,
      `≥ ${TARGETS.vsCeiling}× the constant route at every level, ≥ ${TARGETS.vsCacheInterceptor}× CacheInterceptor where reachable`,
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
