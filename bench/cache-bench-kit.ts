/** Shared pieces of the cache benches: a Postgres schema with a slow product query, stats. */
import { createProductsSchema, type ProductRow } from '../test/support/products-schema';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema of its own with `rows` products; `load(id)` really sleeps in Postgres. */
export async function createProductDb(loadSeconds: number, rows = 1_000) {
  const { pool, schema, drop } = await createProductsSchema({
    prefix: 'bench',
    rows,
    poolSize: 50,
    url: PG_URL,
  });
  let loads = 0;
  let lastLoadMs = 0;
  let lastLoadEnd = 0;
  return {
    schema,
    loads: () => loads,
    /** Duration of the most recent load, in ms: the "loader time" overheads are measured against. */
    lastLoadMs: () => lastLoadMs,
    /** `performance.now()` when the most recent load returned: the moment the value existed. */
    lastLoadEnd: () => lastLoadEnd,
    resetLoads: () => (loads = 0),
    async load(id: number) {
      loads++;
      const t = performance.now();
      const { rows: found } = await pool.query(
        `SELECT p.id, p.name, p.price FROM ${schema}.products p, pg_sleep($2) WHERE p.id = $1`,
        [id, loadSeconds],
      );
      lastLoadEnd = performance.now();
      lastLoadMs = lastLoadEnd - t;
      return (found[0] as ProductRow | undefined) ?? null;
    },
    drop,
  };
}

export { percentileMs as percentile } from '../test/support/percentile';

/** One call of a burst: its latency and when it completed (`performance.now()`), in ms. */
export interface Sample {
  latency: number;
  end: number;
}

/** Fires `n` calls at once. */
export async function burst(n: number, call: () => Promise<unknown>): Promise<Sample[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const t = performance.now();
      await call();
      const end = performance.now();
      return { latency: end - t, end };
    }),
  );
}
