import { startTestShop, TestShop } from '../../support/shop-app';
import { query } from '../../support/postgres';

describe('Shop > orders', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop();
  });
  afterAll(() => shop.close());

  async function product(sku: string, stock: number): Promise<number> {
    const res = await shop
      .http()
      .post('/products')
      .send({ sku, name: sku, priceCents: 100, stock })
      .expect(201);
    return res.body.id as number;
  }
  async function stockOf(id: number): Promise<number> {
    const [row] = await query<{ stock: number }>(
      `SELECT stock FROM "${shop.schema}".product WHERE id = $1`,
      [id],
    );
    return row.stock;
  }

  it('accepts an order with 202, reserves stock and stores it PENDING', async () => {
    const id = await product('O-1', 5);
    const res = await shop.http().post('/orders').send({ productId: id, quantity: 2 }).expect(202);
    expect(res.body).toEqual({ id: expect.any(Number), status: 'PENDING' });
    expect(await stockOf(id)).toBe(3);
    const order = await shop.http().get(`/orders/${res.body.id}`).expect(200);
    expect(order.body).toMatchObject({
      id: res.body.id,
      productId: id,
      quantity: 2,
      status: 'PENDING',
    });
  });

  it('answers 409 beyond stock and leaves stock and orders unchanged', async () => {
    const id = await product('O-2', 3);
    const res = await shop.http().post('/orders').send({ productId: id, quantity: 4 }).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(await stockOf(id)).toBe(3);
    const orders = await query(`SELECT id FROM "${shop.schema}".orders WHERE product_id = $1`, [
      id,
    ]);
    expect(orders).toHaveLength(0);
  });

  it('answers 404 for an unknown product', async () => {
    const res = await shop
      .http()
      .post('/orders')
      .send({ productId: 777777, quantity: 1 })
      .expect(404);
    expect(res.body.message).toBe('Product 777777 not found');
  });

  it('sells exactly the stock under 50 concurrent orders', async () => {
    const id = await product('O-RACE', 10);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        shop.http().post('/orders').send({ productId: id, quantity: 1 }),
      ),
    );
    const byStatus = results.reduce<Record<number, number>>((acc, r) => {
      acc[r.status] = (acc[r.status] ?? 0) + 1;
      return acc;
    }, {});
    expect(byStatus).toEqual({ 202: 10, 409: 40 });
    expect(await stockOf(id)).toBe(0);
    const [{ count }] = await query<{ count: string }>(
      `SELECT count(*) FROM "${shop.schema}".orders WHERE product_id = $1`,
      [id],
    );
    expect(Number(count)).toBe(10);
  });

  it('answers 404 for an unknown order and 400 for a bad order id', async () => {
    await shop.http().get('/orders/424242').expect(404);
    await shop.http().get('/orders/x1').expect(400);
  });
});
