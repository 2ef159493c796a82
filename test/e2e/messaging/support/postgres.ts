import { createTestSchema, type Entities, type TestSchema } from '../../../support/typeorm-schema';

export type { TestSchema };

/**
 * The messaging suite's schema: `migrate: true` builds the tables with the lib's migration instead
 * of `synchronize`. Fast commits: these tests check delivery semantics, not Postgres durability.
 */
export function createSchema(
  tag: string,
  entities: Entities,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  { migrate = false, migrations = [] as Function[] } = {},
): Promise<TestSchema> {
  return createTestSchema(`msg_${tag}`, entities, {
    migrations: migrate ? migrations : [],
    fastCommits: true,
  });
}
