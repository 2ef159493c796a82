import { randomBytes } from 'node:crypto';
import { Client, Pool, type QueryResultRow } from 'pg';

/** The local server (trust auth); the suite creates its own database on it and drops it after. */
const ADMIN_URL = process.env.CHAOS_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A dedicated `chaos_<random>` database. The suite reads it directly (never through the fault
 * proxy the shops use), so its own measurements keep working while Postgres is "down" for them.
 */
export class ChaosDatabase {
  private readonly pool: Pool;

  private constructor(
    readonly name: string,
    private readonly host: string,
    private readonly port: number,
  ) {
    this.pool = new Pool({ connectionString: this.url(port), max: 3 });
  }

  static async create(): Promise<ChaosDatabase> {
    const name = `chaos_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE "${name}"`));
    const parsed = new URL(ADMIN_URL);
    return new ChaosDatabase(name, parsed.hostname, Number(parsed.port || 5432));
  }

  /** Connection URL of this database on `port` (the real server, or the proxy in front of it). */
  url(port = this.port): string {
    const parsed = new URL(ADMIN_URL);
    parsed.hostname = this.host;
    parsed.port = String(port);
    parsed.pathname = `/${this.name}`;
    return parsed.toString();
  }

  get serverPort(): number {
    return this.port;
  }

  async query<R extends QueryResultRow = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    return (await this.pool.query<R>(sql, params)).rows;
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.query<{ n: string }>(sql, params);
    return Number(row?.n ?? 0);
  }

  async drop(): Promise<void> {
    await this.pool.end().catch(() => undefined);
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`));
  }
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
