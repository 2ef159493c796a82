import { query } from '../../support/postgres';
import { startTestShop, TestShop } from '../../support/shop-app';

const TOKEN = 'test-admin-token-0123456789';

describe('Shop > admin', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop({ ADMIN_TOKEN: TOKEN });
  });
  afterAll(() => shop.close());
  const auth = { Authorization: `Bearer ${TOKEN}` };

  it.each([
    ['no header', {}],
    ['a wrong token', { Authorization: 'Bearer nope-nope-nope-nope' }],
    ['another scheme', { Authorization: `Basic ${TOKEN}` }],
  ])('answers 401 with %s', async (_name, headers) => {
    const res = await shop.http().post('/admin/bloom/rebuild').set(headers).expect(401);
    expect(res.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'A valid admin bearer token is required',
    });
  });

  it('rebuilds the Bloom filter so rows inserted behind the app become readable', async () => {
    const [{ id }] = await query<{ id: number }>(
      `INSERT INTO "${shop.schema}".product (sku, name, price_cents, stock) VALUES ('IMPORTED', 'imported', 1, 1) RETURNING id`,
    );
    await shop.http().get(`/products/${id}`).expect(404); // the filter has never seen it
    const res = await shop.http().post('/admin/bloom/rebuild').set(auth).expect(200);
    expect(res.body.members).toBeGreaterThanOrEqual(1);
    await shop
      .http()
      .post('/admin/cache/purge')
      .set(auth)
      .send({ productIds: [id] })
      .expect(200);
    await shop.http().get(`/products/${id}`).expect(200);
  });

  it('purges cached products so a direct database change shows', async () => {
    const { body: p } = await shop
      .http()
      .post('/products')
      .send({ sku: 'PURGE-1', name: 'before', priceCents: 1, stock: 1 })
      .expect(201);
    await shop.http().get(`/products/${p.id}`).expect(200);
    await query(`UPDATE "${shop.schema}".product SET name = 'after' WHERE id = $1`, [p.id]);
    expect((await shop.http().get(`/products/${p.id}`)).body.name).toBe('before');
    const res = await shop
      .http()
      .post('/admin/cache/purge')
      .set(auth)
      .send({ productIds: [p.id, p.id] })
      .expect(200);
    expect(res.body).toEqual({ evicted: 1 });
    expect((await shop.http().get(`/products/${p.id}`)).body.name).toBe('after');
  });

  it.each([[{}], [{ productIds: [] }], [{ productIds: ['x'] }], [{ productIds: [0] }]])(
    'rejects a bad purge body %j with 400',
    async (body) => {
      await shop.http().post('/admin/cache/purge').set(auth).send(body).expect(400);
    },
  );
});

describe('Shop > admin without ADMIN_TOKEN', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop({ ADMIN_TOKEN: undefined });
  });
  afterAll(() => shop.close());

  it('refuses everyone: an unset secret does not mean open', async () => {
    await shop.http().post('/admin/bloom/rebuild').set({ Authorization: 'Bearer ' }).expect(401);
    await shop
      .http()
      .post('/admin/bloom/rebuild')
      .set({ Authorization: 'Bearer undefined' })
      .expect(401);
  });
});
