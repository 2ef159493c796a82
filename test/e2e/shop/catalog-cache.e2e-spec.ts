import { createSchema, dropSchema, query } from '../../support/postgres';
import { startTestShop, TestShop } from '../../support/shop-app';

describe('Shop > cached product reads', () => {
  let shop: TestShop;
  let second: TestShop;
  beforeAll(async () => {
    shop = await startTestShop();
    // A second instance on the same schema and Redis prefix: another member of the fleet.
    second = await startTestShop({
      DATABASE_SCHEMA: shop.schema,
      REDIS_KEY_PREFIX: shop.redisPrefix,
      DATABASE_MIGRATIONS_RUN: 'false',
    });
  });
  afterAll(async () => {
    await second.app.close();
    await shop.close();
  });

  const create = async (sku: string) =>
    (
      await shop
        .http()
        .post('/products')
        .send({ sku, name: sku, priceCents: 100, stock: 5 })
        .expect(201)
    ).body as {
      id: number;
      name: string;
    };

  it('serves a product created on one instance from the other (Bloom add after commit)', async () => {
    const p = await create('C-1');
    const res = await second.http().get(`/products/${p.id}`).expect(200);
    expect(res.body).toMatchObject({ id: p.id, sku: 'C-1' });
  });

  it('answers 404 for an id the Bloom filter has never seen, with the product message', async () => {
    const res = await shop.http().get('/products/2000000000').expect(404);
    expect(res.body.message).toBe('Product 2000000000 not found');
    expect(res.headers['x-cache']).toBe('rejected');
  });

  it('says where each answer came from in x-cache: miss, then l1 here and l2 on the other instance', async () => {
    const p = await create('C-X');
    const states = [];
    for (const s of [shop, shop, second]) {
      states.push((await s.http().get(`/products/${p.id}`).expect(200)).headers['x-cache']);
    }
    expect(states).toEqual(['miss', 'l1', 'l2']);
    expect((await shop.http().get('/products/abc').expect(400)).headers['x-cache']).toBeUndefined();
  });

  it('serves a row changed behind the cache’s back only after eviction (the cache really caches)', async () => {
    const p = await create('C-2');
    await shop.http().get(`/products/${p.id}`).expect(200);
    await query(`UPDATE "${shop.schema}".product SET name = 'changed directly' WHERE id = $1`, [
      p.id,
    ]);
    const cached = await shop.http().get(`/products/${p.id}`).expect(200);
    expect(cached.body.name).toBe('C-2');
  });

  it('PUT evicts on every instance: both serve the new name at once', async () => {
    const p = await create('C-3');
    await shop.http().get(`/products/${p.id}`).expect(200);
    await second.http().get(`/products/${p.id}`).expect(200);
    await shop.http().put(`/products/${p.id}`).send({ name: 'renamed' }).expect(200);
    expect((await shop.http().get(`/products/${p.id}`)).body.name).toBe('renamed');
    // The second instance's L1 copy is dropped by the invalidation bus, not by its short TTL.
    const deadline = Date.now() + 1000;
    let name = '';
    while (Date.now() < deadline && name !== 'renamed') {
      name = (await second.http().get(`/products/${p.id}`)).body.name;
    }
    expect(name).toBe('renamed');
  });

  it('rebuilds the Bloom filter at start so rows seeded directly are found', async () => {
    const [{ id }] = await query<{ id: number }>(
      `INSERT INTO "${shop.schema}".product (sku, name, price_cents, stock) VALUES ('SEEDED', 'seeded', 1, 1) RETURNING id`,
    );
    // Before a rebuild the filter does not know the row: a false negative the shop must repair.
    const third = await startTestShop({
      DATABASE_SCHEMA: shop.schema,
      REDIS_KEY_PREFIX: shop.redisPrefix,
      DATABASE_MIGRATIONS_RUN: 'false',
    });
    try {
      await third.http().get(`/products/${id}`).expect(200);
    } finally {
      await third.app.close();
    }
  });
});

describe('Shop > product reads with Postgres gone', () => {
  let schema: string;
  beforeAll(async () => {
    schema = await createSchema('nodb');
  });
  afterAll(() => dropSchema(schema));

  it('keeps the Bloom filter fail-open when it could not be built (no false 404s)', async () => {
    const shop = await startTestShop({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test',
      DATABASE_SCHEMA: schema,
    });
    try {
      const res = await shop.http().get('/products/1');
      expect(res.status).toBe(503);
    } finally {
      await shop.close();
    }
  });
});
