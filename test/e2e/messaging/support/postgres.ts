import { randomBytes } from 'node:crypto';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';

/** A DataSource on its own schema of the `test` database, dropped by `drop()`. */
export interface TestSchema {
  readonly dataSource: DataSource;
  readonly schema: string;
  /** Another pool on the same schema (a second relay instance, a second process). */
  connect(): Promise<DataSource>;
  drop(): Promise<void>;
}

const BASE = {
  type: 'postgres',
  host: '127.0.0.1',
  port: 5432,
  username: 'postgres',
  database: 'test',
} as const;

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Entities = MixedList<Function | string | EntitySchema>;

/**
 * `migrate: true` builds the tables with the lib's migration (search_path pinned to the schema,
 * since the migration's SQL is unqualified) instead of `synchronize`.
 */
export async function createSchema(
  tag: string,
  entities: Entities,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  { migrate = false, migrations = [] as Function[] } = {},
): Promise<TestSchema> {
  const schema = `msg_${tag}_${randomBytes(4).toString('hex')}`;
  const admin = await new DataSource({ ...BASE }).initialize();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.destroy();
  const others: DataSource[] = [];
  // synchronous_commit=off: these tests check delivery semantics, not Postgres durability, and
  // per-commit fsync would dominate their run time.
  const connect = async (synchronize = false) => {
    const options = `-c synchronous_commit=off -c search_path=${schema}`;
    const ds = await new DataSource({
      ...BASE,
      schema,
      entities,
      migrations,
      synchronize: synchronize && !migrate,
      extra: { max: 10, options },
    }).initialize();
    if (synchronize && migrate) await ds.runMigrations();
    others.push(ds);
    return ds;
  };
  const dataSource = await connect(true);
  return {
    dataSource,
    schema,
    connect: () => connect(false),
    drop: async () => {
      await Promise.all(others.filter((d) => d.isInitialized).map((d) => d.destroy()));
      const cleanup = await new DataSource({ ...BASE }).initialize();
      await cleanup.query(`DROP SCHEMA "${schema}" CASCADE`);
      await cleanup.destroy();
    },
  };
}
