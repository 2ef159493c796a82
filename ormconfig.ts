import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './apps/shop/src/database/data-source-options';
import { parseEnv } from './apps/shop/src/config/env';

/**
 * TypeORM CLI data source (`npm run migration:run`, `migration:revert`, `migration:show`). Reads the
 * same variables as the app: DATABASE_URL (+ DATABASE_SCHEMA), or PGLITE_DATA_DIR for a persistent
 * embedded database. Migrations are not run on load; the CLI decides.
 */
const env = parseEnv(process.env);
if (!env.DATABASE_URL && !env.PGLITE_DATA_DIR) {
  process.stderr.write(
    'ormconfig: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) or PGLITE_DATA_DIR\n',
  );
  process.exit(1);
}

export default new DataSource({
  ...buildDataSourceOptions({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    pgliteDataDir: env.PGLITE_DATA_DIR,
    migrationsRun: false,
  }),
  migrationsRun: false,
});
