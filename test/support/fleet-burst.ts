/**
 * The flash-sale burst of issue 15 (acceptance 2), run by `npm run bench:burst`: a fleet of shop processes with their default
 * configuration, a hot product just evicted everywhere, then 1,000 simultaneous GETs on fresh
 * connections (cold), then 1,000 more (warm). Postgres, not the app, counts the product reads.
 */
import { readFileSync } from 'node:fs';
import {
  createSchema,
  dropSchema,
  productScans,
  STATS_IDLE_FLUSH_MS,
  TEST_DATABASE_URL,
  uniqueName,
} from './postgres';
import {
  type RedisTopology,
  type RedisTopologyName,
  startRedisTopology,
  tagged,
} from './redis-topology';
import { collect, runTs, ShopProcess, startShopProcess } from './shop-process';

/** What one burst got back, as printed by test/support/burst-client.ts. */
export interface BurstResult {
  requests: number;
  /** Answers by HTTP status; `0` counts requests that got no HTTP answer. */
  byStatus: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  /** From the first request sent to the last answer read. */
  wallMs: number;
  /** The distinct bodies of the 200 answers: one product, one body. */
  okBodies: string[];
  /** Up to three answers other than 2xx, status and start of the body. */
  failures: string[];
  /**
   * Connections the kernel dropped because a listen queue was full during the burst (Linux
   * TcpExt ListenOverflows, machine-wide; null elsewhere): each costs its client a SYN
   * retransmit (1 s, then 2 s, 4 s…), latency the shops never see.
   */
  listenOverflows?: number | null;
  /** CPU the shops used during the burst, per request, in µs (Linux /proc; null elsewhere). */
  shopCpuUsPerReq?: number | null;
}

export interface FleetBurstOptions {
  /** @default 2 */
  instances?: number;
  /** Requests per burst. @default 1000 */
  requests?: number;
  /** /health/live requests that warm the fleet's JIT first. @default 400 */
  warmups?: number;
  /** One Redis (the shared server) or a 6-node Redis Cluster of the run's own. @default 'single' */
  redis?: RedisTopologyName;
}

export interface FleetBurstResult {
  instances: number;
  redis: RedisTopologyName;
  cold: BurstResult;
  warm: BurstResult;
  /** Product table scans Postgres counted from just before the cold burst to the fleet's stop. */
  productReads: number;
  /** Whether the product's Redis value existed right before the cold burst (must be false). */
  l2HadValue: boolean;
  /** Whether it existed right before the warm burst: false means the cold burst cached nothing. */
  l2HadValueBeforeWarm: boolean;
  /** Time from the eviction to the cold burst (the L1 TTL is 2 s). */
  msSinceEviction: number;
  /** Exit codes of the shops' graceful stops. */
  exitCodes: (number | null)[];
}

/** The kernel's count of listen-queue overflows so far (Linux), or null where unknown. */
function listenOverflows(): number | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('TcpExt:'));
    const at = lines[i].split(' ').indexOf('ListenOverflows');
    return at > 0 ? Number(lines[i + 1].split(' ')[at]) : null;
  } catch {
    return null;
  }
}

/** CPU seconds the processes have used so far (Linux /proc: utime + stime, 10 ms ticks). */
function cpuSeconds(pids: number[]): number | null {
  try {
    return pids.reduce((sum, pid) => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / 100;
    }, 0);
  } catch {
    return null;
  }
}

/** What each request of a burst is, when not a plain GET. */
export interface BurstRequest {
  method?: string;
  /** JSON body (sent as `application/json`). */
  body?: object;
  headers?: Record<string, string>;
}

/**
 * Fires `n` simultaneous requests (GETs unless `request` says otherwise) round-robin over `urls`
 * from a fresh process (fresh connections); `pids` are the servers' processes, whose CPU is
 * counted over the burst.
 */
export async function runBurst(
  urls: string[],
  n: number,
  pids: number[] = [],
  request: BurstRequest = {},
): Promise<BurstResult> {
  const cpu0 = cpuSeconds(pids);
  const overflows0 = listenOverflows();
  const proc = runTs('test/support/burst-client.ts', [], {
    BURST_URLS: urls.join(','),
    BURST_REQUESTS: String(n),
    ...(request.method ? { BURST_METHOD: request.method } : {}),
    ...(request.body ? { BURST_BODY: JSON.stringify(request.body) } : {}),
    ...(request.headers ? { BURST_HEADERS: JSON.stringify(request.headers) } : {}),
  });
  let stdout = '';
  proc.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const { output, exited } = collect(proc);
  const code = await exited;
  if (code !== 0) throw new Error(`burst client exited with ${code}:\n${output()}`);
  const overflows = listenOverflows();
  const cpu = cpuSeconds(pids);
  const result = JSON.parse(stdout.trim()) as BurstResult;
  result.shopCpuUsPerReq =
    cpu === null || cpu0 === null || pids.length === 0
      ? null
      : Math.round(((cpu - cpu0) * 1e6) / n);
  result.listenOverflows =
    overflows === null || overflows0 === null ? null : overflows - overflows0;
  return result;
}

async function redisHas(redis: RedisTopology, key: string): Promise<boolean> {
  const client = redis.client();
  try {
    return (await client.exists(key)) === 1;
  } finally {
    client.disconnect();
  }
}

async function createHotProduct(shop: ShopProcess): Promise<number> {
  const res = await fetch(shop.url('/products'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku: 'HOT-1', name: 'Hot kettle', priceCents: 4999, stock: 100 }),
  });
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

/**
 * Evicts through the product's own write path: the PUT commits, deletes L1 here, bumps the
 * generation and deletes the value (grace copy included) in Redis, and tells every instance to
 * drop its L1. The caller then waits longer than the L1 TTL (2 s) and the delayed second delete
 * (500 ms), so nothing cached survives anywhere and no late delete hits the burst's fresh value.
 */
async function evict(shop: ShopProcess, id: number): Promise<void> {
  const res = await fetch(shop.url(`/products/${id}`), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stock: 99 }),
  });
  if (res.status !== 200) throw new Error(`PUT answered ${res.status}: ${await res.text()}`);
}

async function runOnFleet(
  shops: ShopProcess[],
  schema: string,
  prefix: string,
  redis: RedisTopology,
  o: Required<FleetBurstOptions>,
): Promise<FleetBurstResult> {
  const id = await createHotProduct(shops[0]);
  // A fleet that has been serving (warm JIT) and a product that was hot (cached everywhere).
  await Promise.all(shops.map((s) => fetch(s.url(`/products/${id}`)).then((r) => r.text())));
  await Promise.all(
    Array.from({ length: o.warmups }, (_, i) =>
      fetch(shops[i % shops.length].url('/health/live')).then((r) => r.text()),
    ),
  );
  await evict(shops[0], id);
  const evictedAt = Date.now();
  await new Promise((r) => setTimeout(r, STATS_IDLE_FLUSH_MS));
  const before = await productScans(schema);
  const valueKey = `${prefix}:catalog:${tagged(redis.name, `product:${id}`)}`;
  const l2HadValue = await redisHas(redis, valueKey);
  const msSinceEviction = Date.now() - evictedAt;

  const urls = shops.map((s) => s.url(`/products/${id}`));
  const pids = shops.map((s) => s.proc.pid!);
  const cold = await runBurst(urls, o.requests, pids);
  const l2HadValueBeforeWarm = await redisHas(redis, valueKey);
  const warm = await runBurst(urls, o.requests, pids);
  // Closing the pools flushes every backend's pending statistics at once.
  const exitCodes = await Promise.all(shops.map((s) => s.stop()));
  const productReads = (await productScans(schema)) - before;
  return {
    instances: o.instances,
    redis: redis.name,
    cold,
    warm,
    productReads,
    l2HadValue,
    l2HadValueBeforeWarm,
    msSinceEviction,
    exitCodes,
  };
}

/** Runs the whole scenario on its own Postgres schema and Redis prefix, and cleans up after. */
export async function runFleetBurst(options: FleetBurstOptions = {}): Promise<FleetBurstResult> {
  const o = { instances: 2, requests: 1000, warmups: 400, redis: 'single' as const, ...options };
  const redis = await startRedisTopology(o.redis);
  const schema = await createSchema('burst');
  const prefix = uniqueName('burst');
  const env = {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    ...redis.shopEnv,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'info', // the default; startShopProcess also reads the port from the info log
    // Blank is the default (env.ts treats it as unset), whatever the caller's shell exports:
    // this scenario is about the shipped budgets (300 ms per read, 250 ms per Postgres call).
    PRODUCT_READ_TIMEOUT_MS: '',
    POSTGRES_TIMEOUT_MS: '',
  };
  let shops: ShopProcess[] = [];
  try {
    // Started together: they race to migrate the empty schema (an advisory lock serialises them).
    const started = await Promise.allSettled(
      Array.from({ length: o.instances }, () => startShopProcess(env, 60_000)),
    );
    shops = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return await runOnFleet(shops, schema, prefix, redis, o);
  } finally {
    await Promise.all(shops.map((s) => s.stop()));
    await dropSchema(schema);
    await redis.deleteKeys(`${prefix}:*`);
    await redis.stop();
  }
}
