import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES } from '@bulwark/messaging';
import { Effect } from './effect.entity';

const BASE = {
  type: 'postgres',
  host: '127.0.0.1',
  port: 5432,
  username: 'postgres',
  database: 'test',
} as const;

/** Outbox, inbox and effect tables on a schema of their own in the `test` database. */
export interface TestSchema {
  readonly dataSource: DataSource;
  readonly schema: string;
  /** Another pool on the same schema (a second relay instance). */
  connect(): Promise<DataSource>;
  drop(): Promise<void>;
}

export const ENTITIES = [...MESSAGING_ENTITIES, Effect];

export function dataSourceFor(schema: string, synchronize = false): DataSource {
  // search_path too, so raw SQL in tests (and the core's) finds the tables unqualified.
  const extra = { max: 10, options: `-c search_path=${schema}` };
  return new DataSource({ ...BASE, schema, entities: ENTITIES, synchronize, extra });
}

export async function createSchema(tag: string): Promise<TestSchema> {
  const schema = `kafka_${tag}_${randomBytes(4).toString('hex')}`;
  const admin = await new DataSource({ ...BASE }).initialize();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.destroy();
  const pools: DataSource[] = [];
  const connect = async (synchronize = false) => {
    const ds = await dataSourceFor(schema, synchronize).initialize();
    pools.push(ds);
    return ds;
  };
  return {
    dataSource: await connect(true),
    schema,
    connect: () => connect(false),
    drop: async () => {
      await Promise.all(pools.filter((d) => d.isInitialized).map((d) => d.destroy()));
      const cleanup = await new DataSource({ ...BASE }).initialize();
      await cleanup.query(`DROP SCHEMA "${schema}" CASCADE`);
      await cleanup.destroy();
    },
  };
}

/** Counts rows of a table of the schema. */
export async function count(ds: DataSource, table: string): Promise<number> {
  const [row] = (await ds.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{ n: number }>;
  return row.n;
}
