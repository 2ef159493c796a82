import { Pool } from 'pg';
import { TEST_DATABASE_URL, uniqueName } from './postgres';

/** A row of the table {@link createProductsSchema} fills. */
export interface ProductRow {
  id: number;
  name: string;
  price: number;
}

export interface ProductsSchema {
  readonly pool: Pool;
  readonly schema: string;
  /** Drops the schema and closes the pool. */
  drop(): Promise<void>;
}

/**
 * A schema of its own (`<prefix>_…`) holding `products(id, name, price)` with ids 1..`rows`
 * (`'product <id>'`, `id × 10`), and a pool of `poolSize` on it: what the cache e2e tests and the
 * cache benches load products from. `url` defaults to the test database.
 */
export async function createProductsSchema(options: {
  prefix: string;
  rows: number;
  poolSize: number;
  url?: string;
}): Promise<ProductsSchema> {
  const schema = uniqueName(options.prefix);
  const pool = new Pool({
    connectionString: options.url ?? TEST_DATABASE_URL,
    max: options.poolSize,
  });
  await pool.query(`CREATE SCHEMA ${schema}`);
  await pool.query(`CREATE TABLE ${schema}.products (id int PRIMARY KEY, name text, price int)`);
  await pool.query(
    `INSERT INTO ${schema}.products SELECT g, 'product ' || g, g * 10 FROM generate_series(1, $1) g`,
    [options.rows],
  );
  return {
    pool,
    schema,
    drop: async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  };
}
