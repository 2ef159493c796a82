/**
 * Flash-sale orders: `POST /orders` per second on ONE hot product, against the physical limits
 * measured directly in the same run and against the shop with group commit switched off.
 *
 *   (a) limits: a bare conditional `UPDATE product SET stock = stock - 1 WHERE id = $1 AND
 *       stock >= 1` on one row from a pg Pool of 50 (prepared), and a Redis Lua
 *       decrement-if-enough on one key from 50 connections;
 *   (b) the shop (group commit, the default) on one hot product;
 *   (c) the same shop, orders spread over 1,000 products;
 *   (d) a shop with ORDERS_GROUP_COMMIT=false (one transaction per order) on one hot product.
 *
 * One shop process (`apps/shop/src/main.ts` as `npm start`, LOG_LEVEL=warn, real Postgres and
 * Redis, the embedded broker) and the load generator in this process, on loopback: a closed loop
 * of raw keep-alive sockets (`open-loop.ts`), since the generator shares the 2 cores with the shop
 * and Postgres, and autocannon spent ~50 µs of that CPU per order (its own cpuUsage).
 * Every row uses the same generator. Shop CPU per order is read from /proc: during the load
 * window, and until the confirmation pipeline (outbox relay → Kafka → consumer) has confirmed
 * every accepted order, which is what an order really costs.
 *
 *   npm run bench:orders   (BENCH_SECONDS=15, BENCH_CONNECTIONS=50)
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { freePort } from '../test/support/free-port';
import { waitFor } from '../test/support/wait-for';
import { GroupCommit } from '../apps/shop/src/orders/group-commit';
import { placeOrderBatch } from '../apps/shop/src/orders/order-batch.sql';
import { cpuSeconds } from './process-cpu';
import { postJsonRequest, runOpenLoop } from './open-loop';
import { percentileMs } from '../test/support/percentile';

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PRODUCTS = 1_000;
/** Enough that no row sells out within a run: the bench measures placing, not refusing. */
const STOCK = 50_000_000;
const DRAIN_TIMEOUT_MS = 180_000;
/** JIT and pools: a cold shop spends its first seconds compiling (measured: 1.6 ms/order → 1.0). */
const WARM_UP_SECONDS = 6;
const TARGETS = { vsPerOrderTransaction: 10, vsPostgresLimit: 0.5, p99Ms: 100 };
const ROOT = resolve(__dirname, '..');

/** Decrement-if-enough: the reservation a Redis-first design would make. */
const RESERVE_LUA = `
local s = tonumber(redis.call('GET', KEYS[1]) or '0')
local q = tonumber(ARGV[1])
if s < q then return -1 end
return redis.call('DECRBY', KEYS[1], q)`;

interface Row {
  name: string;
  perSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  non2xx: number | null;
  errors: number;
  /** Shop CPU (user + system) per accepted order during the load window, µs. */
  shopCpuUsPerOrder: number | null;
  /** The same, counted until the pipeline had confirmed every order of the row, µs. */
  shopCpuUsPerOrderDrained: number | null;
  /** Seconds after the load until every accepted order was CONFIRMED. */
  drainSeconds: number | null;
  /** Orders in Postgres from the row (≥ 2xx: answers in flight when the window closed count too). */
  placed: number | null;
}

/** Runs `worker` on `concurrency` loops for `seconds`; returns completed operations. */
async function closedLoop(
  concurrency: number,
  seconds: number,
  worker: (i: number) => Promise<void>,
): Promise<{ ops: number; errors: number }> {
  const deadline = performance.now() + seconds * 1000;
  let ops = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      while (performance.now() < deadline) {
        try {
          await worker(i);
          ops++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { ops, errors };
}

/** `npm run seed` into `schema` (it migrates first): `products` rows of STOCK units each. */
function seed(schema: string, products: number): void {
  const seeded = spawnSync(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      'apps/shop/src/seed.ts',
      '--products',
      String(products),
      '--stock',
      String(STOCK),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema },
      encoding: 'utf8',
    },
  );
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
}

function limitRow(name: string, ops: number, errors: number): Row {
  return {
    name,
    perSecond: Math.round(ops / SECONDS),
    p50Ms: null,
    p99Ms: null,
    non2xx: null,
    errors,
    shopCpuUsPerOrder: null,
    shopCpuUsPerOrderDrained: null,
    drainSeconds: null,
    placed: null,
  };
}

async function postgresLimit(pool: Pool, schema: string): Promise<Row> {
  await pool.query(`CREATE TABLE "${schema}".limit_product (id int PRIMARY KEY, stock int)`);
  await pool.query(`INSERT INTO "${schema}".limit_product VALUES (1, $1)`, [STOCK]);
  const text = `UPDATE "${schema}".limit_product SET stock = stock - 1 WHERE id = $1 AND stock >= 1`;
  const { ops, errors } = await closedLoop(CONNECTIONS, SECONDS, async () => {
    await pool.query({ name: 'reserve', text, values: [1] });
  });
  return limitRow('(a) Postgres: conditional UPDATE, one row', ops, errors);
}

/**
 * The Postgres side of the shop's design alone: 50 clients whose orders go through the shop's own
 * group-commit queue and batch statement (lock, allocate, orders + outbox rows, one decrement).
 */
async function groupCommitLimit(schema: string): Promise<Row> {
  // A schema of its own: its orders and outbox rows must not become the shop's backlog later.
  seed(schema, 2);
  const pool = new Pool({
    connectionString: PG_URL,
    max: 4,
    options: `-c search_path="${schema}"`,
  });
  const manager = {
    query: (text: string, values?: unknown[]) => pool.query(text, values).then((r) => r.rows),
  };
  const commit = new GroupCommit(
    (batch: Parameters<typeof placeOrderBatch>[1]) => placeOrderBatch(manager, batch),
    {
      maxBatch: 500,
      maxInFlight: 2,
    },
  );
  try {
    const { ops, errors } = await closedLoop(CONNECTIONS, SECONDS, async () => {
      const d = await commit.submit({ productId: 2, quantity: 1, idempotencyKey: null });
      if (d.kind !== 'accepted') throw new Error(d.kind);
    });
    return limitRow('(a) Postgres: the group-commit statement, one row', ops, errors);
  } finally {
    await pool.end();
  }
}

async function redisLimit(prefix: string): Promise<Row> {
  const clients = Array.from({ length: CONNECTIONS }, () => new Redis(REDIS_URL));
  // A hash tag, as the shop would key it, so Redis Cluster keeps one product's key on one slot.
  const key = `${prefix}:stock:{1}`;
  await clients[0].set(key, STOCK);
  const sha = (await clients[0].script('LOAD', RESERVE_LUA)) as string;
  try {
    const { ops, errors } = await closedLoop(CONNECTIONS, SECONDS, async (i) => {
      await clients[i].evalsha(sha, 1, key, 1);
    });
    return limitRow('(a) Redis: Lua decrement-if-enough, one key', ops, errors);
  } finally {
    await clients[0].del(key);
    for (const c of clients) c.disconnect();
  }
}

async function startShop(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/shop/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Warnings and errors only (LOG_LEVEL=warn); kept so a shop that dies says why.
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGINT' && signal !== 'SIGKILL') {
      console.error(`shop exited (${code ?? signal}):\n${log}`);
    }
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    'the shop to be ready',
    async () => {
      if (child.exitCode !== null) throw new Error(`shop exited with ${child.exitCode}`);
      return fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
    },
    60_000,
    250,
  );
  return { child, port };
}

async function stopShop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
}

async function countOrders(pool: Pool, schema: string): Promise<{ all: number; pending: number }> {
  const { rows } = await pool.query<{ all: string; pending: string }>(
    `SELECT count(*) AS all, count(*) FILTER (WHERE status = 'PENDING') AS pending
       FROM "${schema}".orders`,
  );
  return { all: Number(rows[0].all), pending: Number(rows[0].pending) };
}

async function shopRow(
  name: string,
  port: number,
  pid: number,
  pool: Pool,
  schema: string,
  requests: readonly Buffer[],
): Promise<Row> {
  const before = await countOrders(pool, schema);
  const cpu0 = cpuSeconds(pid);
  const r = await loadShop(port, requests, SECONDS);
  const cpuLoad = cpuSeconds(pid) - cpu0;
  const acceptedLatencies = r.latencies.get(202) ?? [];
  const accepted = acceptedLatencies.length;
  let non2xx = 0;
  for (const [status, list] of r.latencies) if (status >= 300) non2xx += list.length;
  const t0 = Date.now();
  let drainSeconds: number | null = null;
  while (Date.now() - t0 < DRAIN_TIMEOUT_MS) {
    const now = await countOrders(pool, schema);
    if (now.pending === 0) {
      drainSeconds = +((Date.now() - t0) / 1000).toFixed(1);
      break;
    }
    await new Promise((res) => setTimeout(res, 250));
  }
  const cpuAll = cpuSeconds(pid) - cpu0;
  const placed = (await countOrders(pool, schema)).all - before.all;
  return {
    name,
    perSecond: Math.round(accepted / SECONDS),
    p50Ms: percentileMs(acceptedLatencies, 50),
    p99Ms: percentileMs(acceptedLatencies, 99),
    non2xx,
    errors: (r.latencies.get(0)?.length ?? 0) + r.socketErrors,
    shopCpuUsPerOrder: Math.round((cpuLoad * 1e6) / Math.max(1, accepted)),
    shopCpuUsPerOrderDrained:
      drainSeconds === null ? null : Math.round((cpuAll * 1e6) / Math.max(1, accepted)),
    drainSeconds,
    placed,
  };
}

/** `CONNECTIONS` closed-loop connections sending `requests` in turn for `seconds`. */
function loadShop(port: number, requests: readonly Buffer[], seconds: number) {
  return runOpenLoop({
    port,
    requests,
    connections: CONNECTIONS,
    seconds,
    ratePerSecond: 0, // unused by a closed loop
    graceMs: 5_000,
    closed: true,
  });
}

/** `POST /orders` of one unit of each product, in turn. */
function orderRequests(productIds: readonly number[]): Buffer[] {
  return productIds.map((productId) => postJsonRequest('/orders', { productId, quantity: 1 }));
}

/** Short load so the first measured row does not pay for JIT and the pool's first connections. */
async function warmUp(port: number): Promise<void> {
  await loadShop(port, orderRequests([PRODUCTS]), WARM_UP_SECONDS);
}

async function main(): Promise<void> {
  const id = randomBytes(3).toString('hex');
  const schema = `bench_orders_${id}`;
  const prefix = `bench_orders_${id}`;
  const pool = new Pool({ connectionString: PG_URL, max: CONNECTIONS });
  await pool.query(`CREATE SCHEMA "${schema}"`);
  await pool.query(`CREATE SCHEMA "${schema}_gc"`);
  const env = {
    DATABASE_URL: PG_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
  };
  const children: ChildProcess[] = [];
  try {
    seed(schema, PRODUCTS);

    const rows: Row[] = [];
    rows.push(await postgresLimit(pool, schema));
    rows.push(await redisLimit(prefix));
    rows.push(await groupCommitLimit(`${schema}_gc`));

    const fast = await startShop({ ...env, ORDERS_GROUP_COMMIT: 'true' });
    children.push(fast.child);
    await warmUp(fast.port);
    rows.push(
      await shopRow(
        '(b) shop, group commit, one hot product',
        fast.port,
        fast.child.pid!,
        pool,
        schema,
        orderRequests([1]),
      ),
    );
    rows.push(
      await shopRow(
        '(c) shop, group commit, 1,000 products',
        fast.port,
        fast.child.pid!,
        pool,
        schema,
        orderRequests(Array.from({ length: PRODUCTS }, (_, i) => i + 1)),
      ),
    );
    await stopShop(fast.child);

    const slow = await startShop({ ...env, ORDERS_GROUP_COMMIT: 'false' });
    children.push(slow.child);
    await warmUp(slow.port);
    rows.push(
      await shopRow(
        '(d) shop, one transaction per order, hot',
        slow.port,
        slow.child.pid!,
        pool,
        schema,
        orderRequests([1]),
      ),
    );
    await stopShop(slow.child);

    const [pgLimit, , , hot, , perOrder] = rows;
    const ratios = {
      hotVsPerOrderTransaction: +(hot.perSecond / perOrder.perSecond).toFixed(2),
      hotVsPostgresLimit: +(hot.perSecond / pgLimit.perSecond).toFixed(2),
      hotP99Ms: hot.p99Ms,
    };
    const pass =
      ratios.hotVsPerOrderTransaction >= TARGETS.vsPerOrderTransaction &&
      ratios.hotVsPostgresLimit >= TARGETS.vsPostgresLimit &&
      (hot.p99Ms ?? Infinity) <= TARGETS.p99Ms;
    console.log(
      JSON.stringify({
        bench: 'orders',
        seconds: SECONDS,
        connections: CONNECTIONS,
        shopProcesses: 1,
        targets: TARGETS,
        rows,
        ratios,
        pass,
      }),
    );
    console.log(
      '\n| row | per s | p50 ms | p99 ms | non-2xx | shop CPU µs/order (load / drained) | drain s |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.perSecond} | ${r.p50Ms ?? '–'} | ${r.p99Ms ?? '–'} | ${r.non2xx ?? '–'} | ` +
          `${r.shopCpuUsPerOrder ?? '–'} / ${r.shopCpuUsPerOrderDrained ?? '–'} | ${r.drainSeconds ?? '–'} |`,
      );
    }
    console.log(
      `\n(b) = ${ratios.hotVsPerOrderTransaction}× (d) (target ≥ ${TARGETS.vsPerOrderTransaction}), ` +
        `${ratios.hotVsPostgresLimit}× the Postgres limit (≥ ${TARGETS.vsPostgresLimit}), ` +
        `p99 ${hot.p99Ms} ms (≤ ${TARGETS.p99Ms}) → ${pass ? 'pass' : 'miss'}`,
    );
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}_gc" CASCADE`).catch(() => undefined);
    await pool.end();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
