import { Client } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Runs `text` as a named prepared statement on the manager's own pg connection, so Postgres
 * parses and plans it once per connection instead of at every call. TypeORM's `query` sends every
 * statement unnamed, which re-plans it each time: for the order batch statement (a dozen CTEs)
 * planning alone took ~1.7 ms per batch under bench:orders' load (pg_stat_statements'
 * total_plan_time), Postgres CPU that no order needs. Anything other than a node-postgres
 * connection (PGlite, the embedded database) takes TypeORM's path unchanged.
 *
 * `manager` must be bound to a query runner (a transaction's, or `withConnection`'s): a prepared
 * statement lives on one connection, and the pool's shared manager would pick any.
 */
export async function preparedQuery<Row>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const runner = manager.queryRunner;
  const connection: unknown = runner && !runner.isReleased ? await runner.connect() : undefined;
  if (connection instanceof Client) {
    return (await connection.query<Row & object>({ name, text, values })).rows;
  }
  return (await manager.query(text, values)) as Row[];
}
