import { TcpProxy } from '../../support/tcp-proxy';
import { startTestShop, TestShop } from '../../support/shop-app';
import { waitFor } from '../../support/wait-for';

/** Postgres unreachable: cached products keep being served, uncached ones fail fast and clearly. */
describe('Shop > product reads while Postgres is unreachable', () => {
  let proxy: TcpProxy;
  let shop: TestShop;
  beforeAll(async () => {
    proxy = new TcpProxy(5432);
    const port = await proxy.start();
    shop = await startTestShop({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test` });
  });
  afterAll(async () => {
    await shop.close();
    await proxy.stop();
  });

  it('serves the cached product with 0 errors, answers 503 fast for an uncached one, recovers', async () => {
    const create = (sku: string) =>
      shop.http().post('/products').send({ sku, name: sku, priceCents: 1, stock: 1 }).expect(201);
    const cached = (await create('PG-CACHED')).body as { id: number };
    const uncached = (await create('PG-COLD')).body as { id: number };
    await shop.http().get(`/products/${cached.id}`).expect(200);

    const outage = proxy.cut(5_000);
    const reads = await Promise.all(
      Array.from({ length: 50 }, () => shop.http().get(`/products/${cached.id}`)),
    );
    expect(reads.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(reads.map((r) => r.body.sku))).toEqual(new Set(['PG-CACHED']));

    const started = Date.now();
    const cold = await shop.http().get(`/products/${uncached.id}`);
    const elapsed = Date.now() - started;
    expect(cold.status).toBe(503);
    expect(cold.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.any(String),
    });
    expect(elapsed).toBeLessThanOrEqual(300 + 25); // the route's budget, the acceptance itself

    await outage;
    await waitFor(
      'the product served again',
      async () => (await shop.http().get(`/products/${uncached.id}`)).status === 200,
      15_000,
    );
  });
});
