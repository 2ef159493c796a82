import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES } from '@bulwark/messaging';
import {
  createTestSchema,
  schemaDataSourceOptions,
  type TestSchema,
} from '../../../support/typeorm-schema';
import { Effect } from './effect.entity';

export type { TestSchema };

/** Outbox, inbox and effect tables. */
export const ENTITIES = [...MESSAGING_ENTITIES, Effect];

/** A DataSource on an existing schema (the crash fixture's own process opens one). */
export function dataSourceFor(schema: string, synchronize = false): DataSource {
  return new DataSource({ ...schemaDataSourceOptions(schema, ENTITIES), synchronize });
}

export function createSchema(tag: string): Promise<TestSchema> {
  return createTestSchema(`kafka_${tag}`, ENTITIES);
}

/** Counts rows of a table of the schema. */
export async function count(ds: DataSource, table: string): Promise<number> {
  const [row] = (await ds.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{ n: number }>;
  return row.n;
}
