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
