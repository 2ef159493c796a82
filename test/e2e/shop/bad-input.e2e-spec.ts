import { startTestShop, TestShop } from '../../support/shop-app';
import { query } from '../../support/postgres';

/** Every kind of bad input gets a 4xx JSON error and changes nothing. */
describe('Shop > bad input', () => {
  let shop: TestShop;
  let productId: number;
  beforeAll(async () => {
    shop = await startTestShop();
    const res = await shop
      .http()
      .post('/products')
      .send({ sku: 'BAD-1', name: 'n', priceCents: 1, stock: 5 });
    productId = res.body.id;
  });
  afterAll(() => shop.close());

  function expectErrorShape(body: unknown, status: number) {
    expect(body).toEqual({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  }

  it.each([
    ['missing fields', {}],
    ['negative quantity', { productId: 1, quantity: -3 }],
    ['zero quantity', { productId: 1, quantity: 0 }],
    ['string quantity', { productId: 1, quantity: '2' }],
    ['fractional quantity', { productId: 1, quantity: 1.5 }],
    ['huge quantity', { productId: 1, quantity: 10_000_000 }],
    ['non-integer productId', { productId: 'x', quantity: 1 }],
    ['unknown property', { productId: 1, quantity: 1, admin: true }],
    ['null body fields', { productId: null, quantity: null }],
  ])('POST /orders with %s → 400', async (_name, payload) => {
    const res = await shop.http().post('/orders').send(payload).expect(400);
    expectErrorShape(res.body, 400);
  });

  it.each([
    ['an array body', '[1,2]'],
    ['a string body', '"hello"'],
    ['a number body', '42'],
  ])('POST /products with %s → 400', async (_name, raw) => {
    const res = await shop
      .http()
      .post('/products')
      .set('content-type', 'application/json')
      .send(raw)
      .expect(400);
    expectErrorShape(res.body, 400);
  });

  it.each([
    ['negative price', { sku: 'X-1', name: 'n', priceCents: -1, stock: 1 }],
    ['empty name', { sku: 'X-2', name: '', priceCents: 1, stock: 1 }],
    ['sku with spaces', { sku: 'a b', name: 'n', priceCents: 1, stock: 1 }],
    ['stock as text', { sku: 'X-3', name: 'n', priceCents: 1, stock: 'ten' }],
    ['name too long', { sku: 'X-4', name: 'n'.repeat(201), priceCents: 1, stock: 1 }],
    ['a NUL in the name', { sku: 'X-5', name: 'a\u0000b', priceCents: 1, stock: 1 }],
  ])('POST /products with %s → 400', async (_name, payload) => {
    const res = await shop.http().post('/products').send(payload).expect(400);
    expectErrorShape(res.body, 400);
  });

  it.each([
    ['null name', { name: null }],
    ['null sku', { sku: null }],
    ['null priceCents', { priceCents: null }],
    ['null stock', { stock: null, version: 1 }],
    ['a NUL in the name', { name: 'a\u0000b' }],
  ])('PUT /products/:id with %s → 400', async (_name, payload) => {
    const res = await shop.http().put(`/products/${productId}`).send(payload).expect(400);
    expectErrorShape(res.body, 400);
  });

  it('malformed JSON → 400', async () => {
    const res = await shop
      .http()
      .post('/orders')
      .set('content-type', 'application/json')
      .send('{"productId": 1,')
      .expect(400);
    expectErrorShape(res.body, 400);
  });

  it('a 2 MB body → 413 and nothing stored', async () => {
    const big = JSON.stringify({
      sku: 'BIG',
      name: 'x'.repeat(2 * 1024 * 1024),
      priceCents: 1,
      stock: 1,
    });
    const res = await shop
      .http()
      .post('/products')
      .set('content-type', 'application/json')
      .send(big)
      .expect(413);
    expectErrorShape(res.body, 413);
    expect(await query(`SELECT id FROM "${shop.schema}".product WHERE sku = 'BIG'`)).toHaveLength(
      0,
    );
  });

  it('deeply nested JSON → 400, not a crash', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const res = await shop
      .http()
      .post('/orders')
      .set('content-type', 'application/json')
      .send(deep);
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400);
  });

  it.each([
    ['__proto__', '{"productId":1,"quantity":1,"__proto__":{"admin":true}}'],
    ['constructor.prototype', '{"productId":1,"quantity":1,"constructor":{"prototype":{"a":1}}}'],
  ])('a body with a %s key → 400 naming it, and no order', async (_name, body) => {
    const res = await shop
      .http()
      .post('/orders')
      .set('content-type', 'application/json')
      .send(body)
      .expect(400);
    expectErrorShape(res.body, 400);
    expect(res.body.message).toContain('__proto__');
  });

  it('a body whose object has 80,000 keys → a short 400 naming the limit (no list of keys)', async () => {
    const wide = Object.fromEntries(Array.from({ length: 80_000 }, (_, i) => [`k${i}`, 1]));
    const res = await shop
      .http()
      .post('/orders')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ productId: 1, quantity: 1, ...wide }))
      .expect(400);
    expectErrorShape(res.body, 400);
    expect(res.body.message).toBe('Request body has an object with more than 64 keys');
  });

  it('an unknown route → 404 JSON', async () => {
    const res = await shop.http().get('/no/such/route').expect(404);
    expectErrorShape(res.body, 404);
  });

  it('a wrong method on a known path → 404 JSON', async () => {
    const res = await shop.http().delete(`/products/${productId}`).expect(404);
    expectErrorShape(res.body, 404);
  });

  it('a body that is not JSON → 415 and the product unchanged (not a silent no-op 200)', async () => {
    const before = await query<{ name: string; version: number }>(
      `SELECT name, version FROM "${shop.schema}".product WHERE id = $1`,
      [productId],
    );
    const res = await shop
      .http()
      .put(`/products/${productId}`)
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ name: 'sent as text', stock: 1 }))
      .expect(415);
    expectErrorShape(res.body, 415);
    expect(res.body.message).toMatch(/must be JSON/);
    expect(
      await query(`SELECT name, version FROM "${shop.schema}".product WHERE id = $1`, [productId]),
    ).toEqual(before);
  });

  it('a form-encoded order → 415 and no order', async () => {
    const res = await shop
      .http()
      .post('/orders')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(`productId=${productId}&quantity=1`)
      .expect(415);
    expectErrorShape(res.body, 415);
    expect(await query(`SELECT id FROM "${shop.schema}".orders`)).toHaveLength(0);
  });

  it('an empty body of another type reaches validation (400, not 415)', async () => {
    const res = await shop
      .http()
      .post('/orders')
      .set('content-type', 'text/plain')
      .set('content-length', '0')
      .expect(400);
    expectErrorShape(res.body, 400);
  });

  it('a +json media type is parsed and validated like application/json', async () => {
    const bad = await shop
      .http()
      .put(`/products/${productId}`)
      .set('content-type', 'application/vnd.api+json')
      .send(JSON.stringify({ name: 'x', version: '<script>alert(1)</script>' }))
      .expect(400);
    expectErrorShape(bad.body, 400);
    const ok = await shop
      .http()
      .put(`/products/${productId}`)
      .set('content-type', 'application/merge-patch+json; charset=utf-8')
      .send(JSON.stringify({ name: 'renamed via +json' }))
      .expect(200);
    expect(ok.body.name).toBe('renamed via +json');
  });

  it('leaves stock untouched after all the rejected orders', async () => {
    const [row] = await query<{ stock: number }>(
      `SELECT stock FROM "${shop.schema}".product WHERE id = $1`,
      [productId],
    );
    expect(row.stock).toBe(5);
  });
});
