import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { EnvValidationError, parseEnv } from './config/env';
import { buildDataSourceOptions, describeDatabase } from './database/data-source-options';

/** Rows per INSERT: large enough to amortise round trips, small enough to keep statements cheap. */
const BATCH = 5_000;

interface SeedArgs {
  products: number;
  stock: number;
}

function parseArgs(argv: string[]): SeedArgs {
  const args: SeedArgs = { products: 1000, stock: 100 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = inline ?? argv[++i];
    if (flag !== '--products' && flag !== '--stock') throw new Error(`unknown option ${flag}`);
    if (!/^\d+$/.test(value ?? '')) throw new Error(`${flag} needs a non-negative integer`);
    args[flag === '--products' ? 'products' : 'stock'] = Number(value);
  }
  return args;
}

/**
 * `npm run seed -- --products 100000 [--stock 100]`: inserts SKU-0000001… with one
 * `INSERT … SELECT FROM unnest(…)` per batch. Existing skus are skipped, so it can be re-run.
 */
async function seed(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const env = parseEnv(process.env);
  if (!env.DATABASE_URL && !env.PGLITE_DATA_DIR) {
    throw new Error(
      'set DATABASE_URL (or PGLITE_DATA_DIR): an in-memory database would vanish on exit',
    );
  }
  const settings = {
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA,
    pgliteDataDir: env.PGLITE_DATA_DIR,
    migrationsRun: true,
  };
  const ds = await new DataSource(buildDataSourceOptions(settings)).initialize();
  const started = Date.now();
  let inserted = 0;
  try {
    for (let from = 1; from <= args.products; from += BATCH) {
      const n = Math.min(BATCH, args.products - from + 1);
      const skus = Array.from({ length: n }, (_, i) => `SKU-${String(from + i).padStart(7, '0')}`);
      const names = skus.map((s) => `Product ${s}`);
      const prices = skus.map((_, i) => 100 + ((from + i) % 10_000));
      const result: unknown[] = await ds.query(
        `INSERT INTO product (sku, name, price_cents, stock)
         SELECT s, n, p, $4 FROM unnest($1::text[], $2::text[], $3::int[]) AS t(s, n, p)
         ON CONFLICT (sku) DO NOTHING RETURNING id`,
        [skus, names, prices, args.stock],
      );
      inserted += result.length;
    }
  } finally {
    await ds.destroy();
  }
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `seeded ${inserted} new products (${args.products - inserted} existed) into ${describeDatabase(settings)} in ${seconds.toFixed(2)} s\n`,
  );
}

seed().catch((err: unknown) => {
  const message =
    err instanceof EnvValidationError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`seed failed: ${message}\n`);
  process.exit(1);
});
