import {
  createSchema,
  dropSchema,
  productScans,
  STATS_IDLE_FLUSH_MS,
  TEST_DATABASE_URL,
  uniqueName,
} from '../../support/postgres';
import {
  REDIS_TOPOLOGIES,
  type RedisTopology,
  startRedisTopology,
} from '../../support/redis-topology';
import { KeepAliveBurst } from '../../support/keep-alive-burst';
import { percentileMs } from '../../support/percentile';
import { ShopProcess, startShopProcess } from '../../support/shop-process';

const INSTANCES = 4;
const REQUESTS = 1000;
describe.each(REDIS_TOPOLOGIES)(
  'Fleet > a cold hot key costs Postgres one load for 4 processes (%s Redis)',
  (topology) => {
    let redis: RedisTopology;
    let schema: string;
    let prefix: string;
    let shops: ShopProcess[] = [];
    let client: KeepAliveBurst | undefined;

    beforeAll(async () => {
      redis = await startRedisTopology(topology);
      schema = await createSchema('fleet');
      prefix = uniqueName('fleet');
      const env = {
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: schema,
        ...redis.shopEnv,
        REDIS_KEY_PREFIX: prefix,
        LOG_LEVEL: 'info',
        // This test isolates the mechanism: it counts database loads for 4 processes. On the
        // shipped budgets (300 ms per read, 250 ms per Postgres call) the same burst (1,000 GETs
        // leaving the lean client at once, 4 processes on 2 cores) got 1,000 × 200 in 14 of 14
        // quiet runs after Bloom checks were shared, but 896 × 200 on the cluster in one CI run
        // (2026-12-05): that is latency, not extra loads. The 2-process burst of issue 15 runs on
        // the shipped budgets in flash-burst.timing.e2e-spec.ts.
        PRODUCT_READ_TIMEOUT_MS: '30000',
        // Same for the one load: its reply waits behind the burst in whichever process holds the lock.
        POSTGRES_TIMEOUT_MS: '20000',
      };
      // Started together: they also race to migrate the empty schema (advisory lock serialises them).
      shops = await Promise.all(
        Array.from({ length: INSTANCES }, () => startShopProcess(env, 60_000)),
      );
    }, 90_000);

    afterAll(async () => {
      client?.close();
      await Promise.all(shops.map((s) => s.stop()));
      await dropSchema(schema);
      // Undefined when the topology itself failed to start: its error is the one to read.
      await redis?.deleteKeys(`${prefix}:*`);
      await redis?.stop();
    });

    it(`${REQUESTS} concurrent GETs over ${INSTANCES} instances → exactly 1 product SELECT`, async () => {
      const created = await fetch(shops[0].url('/products'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sku: 'HOT-1', name: 'Hot kettle', priceCents: 4999, stock: 100 }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: number };
      // A fleet that has been serving (warm JIT, open connections), as when a hot key expires in
      // production. The burst's client is the lean one: on 2 cores it shares the CPU with 4 shops.
      client = await KeepAliveBurst.open(
        shops.map((s) => s.url('')),
        REQUESTS / INSTANCES,
      );
      await client.get('/health/live');

      await new Promise((r) => setTimeout(r, STATS_IDLE_FLUSH_MS));
      const before = await productScans(schema);

      const answers = await client.get(`/products/${id}`);
      const bodies = answers.map((a) => JSON.parse(a.body) as { sku?: string });
      const byStatus: Record<number, number> = {};
      for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
      const failures = bodies.filter((_, i) => answers[i].status !== 200).slice(0, 3);
      const p99Ms = percentileMs(answers.map((a) => a.ms));
      expect({ byStatus, failures }).toEqual({ byStatus: { 200: REQUESTS }, failures: [] });
      expect(new Set(bodies.map((b) => b.sku))).toEqual(new Set(['HOT-1']));
      client.close();

      // Closing the pools flushes every backend's pending statistics at once.
      const codes = await Promise.all(shops.map((s) => s.stop()));
      expect(codes).toEqual(Array(INSTANCES).fill(0));
      const scans = (await productScans(schema)) - before;
      console.log(
        JSON.stringify({
          test: 'fleet-stampede',
          redis: topology,
          instances: INSTANCES,
          byStatus,
          p99Ms,
          scans,
        }),
      );
      expect(scans).toBe(1);
    }, 120_000);
  },
);
