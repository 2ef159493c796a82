import { DataSourceOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { Product } from '../catalog/product.entity';
import { MESSAGING_ENTITIES } from '@bulwark/messaging';
import { Fulfilment } from '../orders/fulfilment.entity';
import { Notification } from '../orders/notification.entity';
import { Order } from '../orders/order.entity';
import { SHOP_MIGRATIONS } from '../migrations';

export const SHOP_ENTITIES = [Product, Order, Fulfilment, Notification, ...MESSAGING_ENTITIES];

export interface DatabaseSettings {
  readonly url?: string;
  readonly schema: string;
  readonly pgliteDataDir?: string;
  readonly migrationsRun: boolean;
}

/** Which backend a settings object selects, for the start-up log line. */
export function describeDatabase(s: DatabaseSettings): string {
  if (s.url) {
    const u = new URL(s.url);
    return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname} (schema "${s.schema}")`;
  }
  return s.pgliteDataDir
    ? `embedded PostgreSQL (PGlite) persisted in ${s.pgliteDataDir}`
    : 'embedded PostgreSQL (PGlite) in memory — data is lost on exit; set DATABASE_URL for a real server';
}

/**
 * One place builds TypeORM's options for the app, the migration CLI (`ormconfig.ts`) and the seed, so
 * the three can never disagree on entities, migrations or schema.
 */
export function buildDataSourceOptions(s: DatabaseSettings): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: [...SHOP_ENTITIES],
    migrations: [...SHOP_MIGRATIONS],
    migrationsRun: s.migrationsRun,
    synchronize: false,
    logging: false,
  };
  if (!s.url) {
    // PGlite is single-connection and in-process; migrations always run on it because nothing else can.
    return {
      ...common,
      migrationsRun: true,
      driver: new PGliteDriver(s.pgliteDataDir ? { dataDir: s.pgliteDataDir } : {}).driver,
    };
  }
  return {
    ...common,
    url: s.url,
    schema: s.schema === 'public' ? undefined : s.schema,
    // search_path makes the migrations' unqualified table names land in the configured schema.
    extra: {
      max: 20,
      connectionTimeoutMillis: 2000,
      options: `-c search_path="${s.schema}"`,
    },
    connectTimeoutMS: 2000,
  };
}
