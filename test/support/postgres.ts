import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The local server every machine runs (trust auth). Override with TEST_DATABASE_URL. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A unique name with a readable prefix, safe as a schema, key prefix or topic suffix. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

async function withClient<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty schema owned by one test file; drop it with {@link dropSchema}. */
export async function createSchema(prefix = 't'): Promise<string> {
  const schema = uniqueName(prefix);
  await withClient((c) => c.query(`CREATE SCHEMA "${schema}"`));
  return schema;
}

export async function dropSchema(schema: string): Promise<void> {
  await withClient((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

/** Runs one query with a short-lived connection (for assertions on what the app wrote). */
export async function query<R extends object = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  return withClient(async (c) => (await c.query<R>(sql, params)).rows);
}

/** Postgres flushes an idle backend's table statistics after 10 s (PGSTAT_IDLE_INTERVAL). */
export const STATS_IDLE_FLUSH_MS = 11_000;

/**
 * Every scan of the product table in `schema`, as Postgres counts them (not the app): the
 * fleet tests' count of product loads. Backends flush their counts when idle for
 * {@link STATS_IDLE_FLUSH_MS} or when they close.
 */
export async function productScans(schema: string): Promise<number> {
  const [row] = await query<{ scans: string }>(
    `SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans
       FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'product'`,
    [schema],
  );
  return Number(row.scans);
}
