/** Shared pieces of the cache benches: a Postgres schema with a slow product query, stats. */
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema of its own with `rows` products; `load(id)` really sleeps in Postgres. */
export async function createProductDb(loadSeconds: number, rows = 1_000) {
  const schema = `bench_${randomBytes(3).toString('hex')}`;
  const pool = new Pool({ connectionString: PG_URL, max: 50 });
  await pool.query(`CREATE SCHEMA ${schema}`);
  await pool.query(`CREATE TABLE ${schema}.products (id int PRIMARY KEY, name text, price int)`);
  await pool.query(
    `INSERT INTO ${schema}.products SELECT g, 'product ' || g, g * 10 FROM generate_series(1, $1) g`,
    [rows],
  );
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
      return (found[0] as { id: number; name: string; price: number } | undefined) ?? null;
    },
    async drop() {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
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
