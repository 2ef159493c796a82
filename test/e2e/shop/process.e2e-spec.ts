import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { createSchema, dropSchema, query, TEST_DATABASE_URL } from '../../support/postgres';
import { collect, runTs, ShopProcess, startShopProcess } from '../../support/shop-process';

describe('Shop process > embedded defaults (README command 1)', () => {
  let shop: ShopProcess;
  beforeAll(async () => {
    shop = await startShopProcess({ LOG_LEVEL: 'info' });
  });
  afterAll(() => shop.stop());

  it('logs which embedded backend it uses for each dependency', () => {
    expect(shop.output()).toContain('embedded PostgreSQL (PGlite) in memory');
    expect(shop.output()).toContain(
      'L2 backend: in-memory (no redisUrl/redisClusterNodes/redis configured)',
    );
  });

  it('is live and ready, and serves a demo product', async () => {
    expect((await fetch(shop.url('/health/live'))).status).toBe(200);
    expect((await fetch(shop.url('/health/ready'))).status).toBe(200);
    const res = await fetch(shop.url('/products/1'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 1, sku: 'DEMO-001' });
  });

  it('creates and reads a product over HTTP', async () => {
    const created = await fetch(shop.url('/products'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'EMB-1', name: 'Embedded', priceCents: 500, stock: 2 }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const read = await fetch(shop.url(`/products/${id}`));
    expect(await read.json()).toMatchObject({ id, sku: 'EMB-1', stock: 2 });
  });
});

describe('Shop process > configuration errors', () => {
  it('stops at start with one line naming the bad variable', async () => {
    const proc = runTs('apps/shop/src/main.ts', [], { PORT: 'eighty' });
    const { output, exited } = collect(proc);
    expect(await exited).toBe(1);
    expect(output().trim()).toBe(
      'Invalid configuration: PORT must be an integer from 0 to 65535 (got "eighty")',
    );
  });

  it('refuses to start on embedded backends with NODE_ENV=production, naming what is missing', async () => {
    const proc = runTs('apps/shop/src/main.ts', [], { NODE_ENV: 'production' });
    const { output, exited } = collect(proc);
    expect(await exited).toBe(1);
    expect(output().trim()).toMatch(
      /^Invalid configuration: DATABASE_URL, REDIS_URL, KAFKA_BROKERS must be set when NODE_ENV=production/,
    );
  });
});

describe('Shop process > graceful shutdown', () => {
  let schema: string;
  beforeAll(async () => {
    schema = await createSchema('shutdown');
  });
  afterAll(() => dropSchema(schema));

  it('finishes an in-flight request after SIGTERM, then exits 0', async () => {
    const shop = await startShopProcess({
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      LOG_LEVEL: 'info',
    });
    const body = JSON.stringify({ sku: 'SLOW-1', name: 'sent slowly', priceCents: 1, stock: 1 });
    // Headers and half the body go out before SIGTERM; the rest after. The request must still succeed.
    const response = new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        shop.url('/products'),
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        shop.proc.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    expect(await response).toBe(201);
    expect(await shop.exited).toBe(0);
    expect(shop.output()).toContain('SIGTERM: draining');
    expect(await query(`SELECT sku FROM "${schema}".product`)).toEqual([{ sku: 'SLOW-1' }]);
  });

  it('exits 0 with the whole shutdown run although a client sent half its headers', async () => {
    const shop = await startShopProcess({
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      LOG_LEVEL: 'info',
      SHUTDOWN_DELAY_MS: '500',
    });
    // Partial headers never become a request: server.close() alone would wait on this socket
    // until the forced exit (exit 1 after SHUTDOWN_TIMEOUT_MS) and skip app.close().
    const stalled = connect(shop.port, '127.0.0.1');
    stalled.on('error', () => undefined);
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.write('GET /products/1 HTTP/1.1\r\nHost: shop\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const signalled = Date.now();
    shop.proc.kill('SIGTERM');
    expect(await shop.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(500 + 2_000);
    expect(shop.output()).toContain('stopping consumers, relays and connections');
    expect(shop.output()).toMatch(/"closed in \d+ ms"/);
    stalled.destroy();
  });
});

describe('CLI > migrations and seed', () => {
  let schema: string;
  beforeAll(async () => {
    schema = await createSchema('cli');
  });
  afterAll(() => dropSchema(schema));
  const env = () => ({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema });

  it('npm run migration:run creates the tables through ormconfig.ts', async () => {
    const proc = runTs(
      'node_modules/typeorm/cli.js',
      ['migration:run', '-d', 'ormconfig.ts'],
      env(),
    );
    const { output, exited } = collect(proc);
    expect(await exited).toBe(0);
    expect(output()).toContain('CreateCatalogAndOrders1764000000000');
    expect(output()).toContain('CreateFulfilmentAndNotification1764000002000');
    const tables = await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
      [schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'fulfilment',
      'inbox',
      'migrations',
      'notification',
      'orders',
      'outbox',
      'product',
    ]);
  });

  it('npm run seed -- --products N inserts N products and is re-runnable', async () => {
    for (const expected of [
      'seeded 2500 new products (0 existed)',
      'seeded 0 new products (2500 existed)',
    ]) {
      const { output, exited } = collect(
        runTs('apps/shop/src/seed.ts', ['--products', '2500'], env()),
      );
      expect(await exited).toBe(0);
      expect(output()).toContain(expected);
    }
    const [{ count }] = await query<{ count: string }>(`SELECT count(*) FROM "${schema}".product`);
    expect(Number(count)).toBe(2500);
  });

  it('seed refuses an unknown option with a clear message', async () => {
    const { output, exited } = collect(runTs('apps/shop/src/seed.ts', ['--bogus', '1'], env()));
    expect(await exited).toBe(1);
    expect(output()).toContain('seed failed: unknown option --bogus');
  });
});
