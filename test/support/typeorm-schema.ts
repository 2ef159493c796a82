import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import { TEST_DATABASE_URL, uniqueName } from './postgres';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type Entities = MixedList<Function | string | EntitySchema>;

/** A TypeORM DataSource on its own schema of the test database, dropped by `drop()`. */
export interface TestSchema {
  readonly dataSource: DataSource;
  readonly schema: string;
  /** Another pool on the same schema (a second relay instance, a second process). */
  connect(): Promise<DataSource>;
  drop(): Promise<void>;
}

export interface TestSchemaOptions {
  /** Build tables with these migrations instead of `synchronize`. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: Function[];
  /**
   * `synchronous_commit=off`: for tests of delivery semantics, not of Postgres durability, where
   * per-commit fsync would dominate the run time.
   */
  fastCommits?: boolean;
}

/** Options of a DataSource on `schema`; search_path too, so unqualified raw SQL finds the tables. */
export function schemaDataSourceOptions(
  schema: string,
  entities: Entities,
  { migrations = [], fastCommits = false }: TestSchemaOptions = {},
): DataSourceOptions {
  const options = `${fastCommits ? '-c synchronous_commit=off ' : ''}-c search_path=${schema}`;
  return {
    type: 'postgres',
    url: TEST_DATABASE_URL,
    schema,
    entities,
    migrations,
    extra: { max: 10, options },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
  try {
    await admin.query(sql);
  } finally {
    await admin.destroy();
  }
}

/** Creates `<prefix>_<unique>` with its tables (synchronized, or migrated) and a first pool. */
export async function createTestSchema(
  prefix: string,
  entities: Entities,
  options: TestSchemaOptions = {},
): Promise<TestSchema> {
  const schema = uniqueName(prefix);
  await adminQuery(`CREATE SCHEMA "${schema}"`);
  const pools: DataSource[] = [];
  const connect = async (build = false) => {
    const migrate = Boolean(options.migrations?.length);
    const ds = await new DataSource({
      ...schemaDataSourceOptions(schema, entities, options),
      synchronize: build && !migrate,
    }).initialize();
    if (build && migrate) await ds.runMigrations();
    pools.push(ds);
    return ds;
  };
  return {
    dataSource: await connect(true),
    schema,
    connect: () => connect(false),
    drop: async () => {
      await Promise.all(pools.filter((d) => d.isInitialized).map((d) => d.destroy()));
      await adminQuery(`DROP SCHEMA "${schema}" CASCADE`);
    },
  };
}
