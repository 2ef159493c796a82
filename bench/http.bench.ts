/**
 * The HTTP stack's cost per request (issue 15, acceptance 1): requests/s and app CPU µs/request of
 * one product read, on loopback, each row served by one app process (bench/http/*.app.ts) while
 * autocannon runs in this one, every row measured in the same run:
 *   (a) raw node:http returning the product JSON: the physical limit;
 *   (b) the shop's warm cached `GET /products/:id` (createShopApp, default config, LOG_LEVEL info);
 *   (c) the same read under @nestjs/cache-manager's CacheInterceptor on a Nest 12 Express app;
 * plus layer rows (bare Fastify, Nest + Fastify, Nest + Express, the shop's constant route), whose
 * differences give the µs each layer adds. Rounds interleave the rows so the drift of the shared
 * machine hits them alike; each figure is the median of its rounds.
 *
 *   npm run bench:http   (BENCH_SECONDS=3, BENCH_CONNECTIONS=10,50, BENCH_ROUNDS=3)
 */
import autocannon from 'autocannon';
import { ChildProcess, fork, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import type { AppReady, BenchProduct } from './http/app-kit';
import { layerCosts, median, printLayers, printTable, Row } from './http/report';
import { cpuSeconds } from './process-cpu';

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGETS = { shopVsRaw: 0.35, shopVsCacheInterceptor: 4 };
const ROOT = resolve(__dirname, '..');
/** Settings the shop must take at their defaults here, whatever the caller's shell exports. */
const NOT_INHERITED = ['LOG_LEVEL', 'PRODUCT_READ_TIMEOUT_MS', 'POSTGRES_TIMEOUT_MS', 'PORT'];

type AppName = 'raw' | 'fastify' | 'nest-fastify' | 'nest-express-cache' | 'shop';

export interface RowSpec {
  key: string;
  label: string;
  app: AppName;
  path: string;
}

const ROWS: RowSpec[] = [
  { key: 'raw', label: '(a) node:http', app: 'raw', path: '/products/1' },
  { key: 'fastify', label: 'Fastify', app: 'fastify', path: '/products/1' },
  { key: 'nestFastify', label: 'Nest + Fastify', app: 'nest-fastify', path: '/products/1' },
  { key: 'nestExpress', label: 'Nest + Express', app: 'nest-express-cache', path: '/constant/1' },
  { key: 'shopConstant', label: 'shop, constant route', app: 'shop', path: '/bench/constant/1' },
  { key: 'shop', label: '(b) shop GET /products/:id', app: 'shop', path: '/products/1' },
  {
    key: 'cacheManager',
    label: '(c) Express+CacheInterceptor',
    app: 'nest-express-cache',
    path: '/products/1',
  },
];

interface App {
  child: ChildProcess;
  base: string;
  adapter?: string;
}

async function withPg<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  return fn(c).finally(() => c.end());
}

function startApp(name: AppName, env: NodeJS.ProcessEnv): Promise<App> {
  const child = fork(resolve(ROOT, `bench/http/${name}.app.ts`), [], {
    cwd: ROOT,
    env,
    execArgv: ['-r', '@swc-node/register'],
    // stdout is the shop's request log at info: written, as in production, but to /dev/null.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((res, rej) => {
    child.once('message', (m: AppReady) =>
      res({ child, base: `http://127.0.0.1:${m.port}`, adapter: m.adapter }),
    );
    child.once('exit', (code) => rej(new Error(`bench/http/${name}.app.ts exited with ${code}`)));
  });
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Seeds the shop's schema (migrations + 1,000 products) and returns product 1 as the shop serves it. */
async function seed(env: NodeJS.ProcessEnv, schema: string): Promise<BenchProduct> {
  const seeded = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/shop/src/seed.ts', '--products', '1000'],
    { cwd: ROOT, env, encoding: 'utf8' },
  );
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  const { rows } = await withPg((c) =>
    c.query<{ [k: string]: unknown; updated_at: Date }>(
      `SELECT id, sku, name, price_cents, stock, version, updated_at FROM "${schema}".product WHERE id = 1`,
    ),
  );
  const r = rows[0];
  return {
    id: Number(r.id),
    sku: String(r.sku),
    name: String(r.name),
    priceCents: Number(r.price_cents),
    stock: Number(r.stock),
    version: Number(r.version),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Every row must answer 200 with exactly the product, or its figures compare different work. */
async function checkBodies(apps: Map<AppName, App>, product: BenchProduct): Promise<void> {
  for (const spec of ROWS) {
    const res = await fetch(apps.get(spec.app)!.base + spec.path);
    const body: unknown = await res.json();
    if (res.status !== 200 || !isDeepStrictEqual(body, product)) {
      throw new Error(`${spec.label} answered ${res.status} ${JSON.stringify(body)}`);
    }
  }
}

async function load(app: App, spec: RowSpec, connections: number, seconds: number) {
  const pid = app.child.pid!;
  const cpu0 = cpuSeconds(pid);
  const r = await autocannon({ url: app.base + spec.path, connections, duration: seconds });
  const cpu = cpuSeconds(pid) - cpu0;
  return {
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx + r.errors + r.timeouts,
    appCpuUsPerReq: (cpu * 1e6) / Math.max(1, r.requests.total),
  };
}

async function measureLevel(apps: Map<AppName, App>, connections: number): Promise<Row[]> {
  const samples = new Map<string, Awaited<ReturnType<typeof load>>[]>();
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts one row later, so no row is always first after a quiet spell.
    const order = ROWS.map((_, i) => ROWS[(i + round) % ROWS.length]);
    for (const spec of order) {
      const s = await load(apps.get(spec.app)!, spec, connections, SECONDS);
      samples.set(spec.key, [...(samples.get(spec.key) ?? []), s]);
    }
  }
  return ROWS.map((spec) => {
    const s = samples.get(spec.key)!;
    return {
      key: spec.key,
      label: spec.label,
      connections,
      rps: Math.round(median(s.map((x) => x.rps))),
      p50Ms: median(s.map((x) => x.p50Ms)),
      p99Ms: median(s.map((x) => x.p99Ms)),
      non2xx: s.reduce((n, x) => n + x.non2xx, 0),
      appCpuUsPerReq: Math.round(median(s.map((x) => x.appCpuUsPerReq))),
    };
  });
}

function verdict(rows: Row[]) {
  const by = (key: string) => rows.find((r) => r.key === key)!;
  const shopVsRaw = +(by('shop').rps / by('raw').rps).toFixed(3);
  const shopVsCacheInterceptor = +(by('shop').rps / by('cacheManager').rps).toFixed(3);
  return {
    shopVsRaw,
    shopVsCacheInterceptor,
    pass:
      shopVsRaw >= TARGETS.shopVsRaw &&
      shopVsCacheInterceptor >= TARGETS.shopVsCacheInterceptor &&
      rows.every((r) => r.non2xx === 0),
  };
}

async function main(): Promise<void> {
  const id = randomBytes(3).toString('hex');
  const schema = `bench_http_${id}`;
  const prefix = `bench_http_${id}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of NOT_INHERITED) delete env[name];
  Object.assign(env, {
    DATABASE_URL: PG_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
  });
  await withPg((c) => c.query(`CREATE SCHEMA "${schema}"`));
  const apps = new Map<AppName, App>();
  try {
    const product = await seed(env, schema);
    env.BENCH_PRODUCT_JSON = JSON.stringify(product);
    const names = [...new Set(ROWS.map((r) => r.app))];
    const started = await Promise.allSettled(names.map((n) => startApp(n, env)));
    started.forEach((s, i) => s.status === 'fulfilled' && apps.set(names[i], s.value));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    await checkBodies(apps, product);
    // JIT and caches (L1, L2, CacheInterceptor's Redis key) warm before anything is measured.
    for (const spec of ROWS) await load(apps.get(spec.app)!, spec, 10, 2);

    const shopAdapter = apps.get('shop')!.adapter ?? 'unknown';
    const levels = [];
    for (const connections of CONNECTIONS) {
      const rows = await measureLevel(apps, connections);
      levels.push({ connections, rows, ...verdict(rows), layers: layerCosts(rows, shopAdapter) });
    }
    const pass = levels.every((l) => l.pass);
    console.log(
      JSON.stringify({
        bench: 'http',
        shopAdapter,
        seconds: SECONDS,
        rounds: ROUNDS,
        productBytes: Buffer.byteLength(JSON.stringify(product)),
        targets: TARGETS,
        levels,
        pass,
      }),
    );
    printTable(levels);
    for (const l of levels) {
      console.log(
        `${l.connections} connections: (b) = ${l.shopVsRaw}× (a) (target ≥ ${TARGETS.shopVsRaw}), ` +
          `${l.shopVsCacheInterceptor}× (c) (target ≥ ${TARGETS.shopVsCacheInterceptor}) → ${l.pass ? 'pass' : 'miss'}`,
      );
    }
    console.log(`verdict (shop on ${shopAdapter}): ${pass ? 'PASS' : 'MISS'}\n`);
    printLayers(levels, shopAdapter);
  } finally {
    await Promise.all([...apps.values()].map((a) => stopApp(a.child)));
    await withPg((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
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
