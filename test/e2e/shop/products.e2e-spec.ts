import { startTestShop, TestShop } from '../../support/shop-app';
import { query } from '../../support/postgres';

describe('Shop > products', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop();
  });
  afterAll(() => shop.close());

  const body = (sku: string) => ({ sku, name: `Product ${sku}`, priceCents: 1999, stock: 10 });

  it('creates a product and reads it back', async () => {
    const created = await shop.http().post('/products').send(body('P-1')).expect(201);
    expect(created.body).toMatchObject({ sku: 'P-1', priceCents: 1999, stock: 10, version: 1 });
    const read = await shop.http().get(`/products/${created.body.id}`).expect(200);
    expect(read.body).toEqual(created.body);
  });

  it('stores the product in its own schema of the real Postgres', async () => {
    await shop.http().post('/products').send(body('P-DB')).expect(201);
    const rows = await query(
      `SELECT sku, price_cents FROM "${shop.schema}".product WHERE sku = $1`,
      ['P-DB'],
    );
    expect(rows).toEqual([{ sku: 'P-DB', price_cents: 1999 }]);
  });

  it('answers 404 with the error shape for an unknown id', async () => {
    const res = await shop.http().get('/products/999999').expect(404);
    expect(res.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Product 999999 not found',
    });
  });

  it.each(['abc', '1.5', '-1', '0', '99999999999', '1e3'])('answers 400 for id %s', async (id) => {
    const res = await shop.http().get(`/products/${id}`).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'id must be a positive integer',
    });
  });

  it('answers 409 for a duplicate sku and keeps the first product', async () => {
    await shop.http().post('/products').send(body('P-DUP')).expect(201);
    const res = await shop
      .http()
      .post('/products')
      .send({ ...body('P-DUP'), name: 'other' })
      .expect(409);
    expect(res.body.message).toContain('P-DUP');
    const rows = await query(`SELECT name FROM "${shop.schema}".product WHERE sku = 'P-DUP'`);
    expect(rows).toEqual([{ name: 'Product P-DUP' }]);
  });

  it('updates a product, bumping its version', async () => {
    const { body: p } = await shop.http().post('/products').send(body('P-UPD')).expect(201);
    const res = await shop.http().put(`/products/${p.id}`).send({ priceCents: 2500 }).expect(200);
    expect(res.body).toMatchObject({ id: p.id, priceCents: 2500, name: p.name, version: 2 });
  });

  it('refuses an update carrying a stale version with 409', async () => {
    const { body: p } = await shop.http().post('/products').send(body('P-VER')).expect(201);
    await shop.http().put(`/products/${p.id}`).send({ stock: 5, version: 1 }).expect(200);
    const res = await shop
      .http()
      .put(`/products/${p.id}`)
      .send({ stock: 6, version: 1 })
      .expect(409);
    expect(res.body.message).toContain('version 2');
  });

  it('answers 404 when updating an unknown product', async () => {
    await shop.http().put('/products/888888').send({ stock: 1 }).expect(404);
  });

  it('answers 409 when an update takes another product’s sku', async () => {
    await shop.http().post('/products').send(body('P-A')).expect(201);
    const { body: b } = await shop.http().post('/products').send(body('P-B')).expect(201);
    await shop.http().put(`/products/${b.id}`).send({ sku: 'P-A' }).expect(409);
  });
});
