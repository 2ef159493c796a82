import { BreakerRegistry } from '@bulwark/resilience';
import { startTestShop, TestShop } from '../../support/shop-app';
import { query } from '../../support/postgres';

// Both write paths keep the same contract: group commit (the default) and one transaction per order.
describe.each([
  ['group commit', {}],
  ['one transaction per order', { ORDERS_GROUP_COMMIT: 'false' }],
])('Shop > orders (%s)', (_path, env: Record<string, string>) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop(env);
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
  /**
   * One buyer as the HTTP contract asks: a 504 (the 1 s budget; a commit may still land) or a 503
   * (the breaker that many such 504s open) is resent with the same Idempotency-Key until a final
   * 202 or 409. Needed for the one-transaction-per-order path on a loaded machine: 50 orders
   * queue on one row lock, and the last ones can pass the budget.
   */
  let buyers = 0;
  async function buy(productId: number): Promise<{ status: number }> {
    const key = `buyer-${++buyers}-${productId}`;
    for (let attempt = 0; ; attempt++) {
      const res = await shop
        .http()
        .post('/orders')
        .set('Idempotency-Key', key)
        .send({ productId, quantity: 1 });
      if ((res.status !== 504 && res.status !== 503) || attempt === 40) return res;
      await new Promise((r) => setTimeout(r, 250));
    }
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
      // The consumer may already have confirmed it (batched confirmation takes milliseconds).
      status: expect.stringMatching(/^(PENDING|CONFIRMED)$/),
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
    const results = await Promise.all(Array.from({ length: 50 }, () => buy(id)));
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

  it('serves small orders behind a big one that does not fit, in one burst', async () => {
    const id = await product('O-MIX', 3);
    const [big, ...small] = await Promise.all([
      shop.http().post('/orders').send({ productId: id, quantity: 5 }),
      ...Array.from({ length: 3 }, () =>
        shop.http().post('/orders').send({ productId: id, quantity: 1 }),
      ),
    ]);
    expect(big.status).toBe(409);
    expect(small.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(await stockOf(id)).toBe(0);
  });

  it('lets an admin restock during a sale: units add to what orders left, never oversold', async () => {
    const id = await product('O-RESTOCK', 10);
    const [restock, ...orders] = await Promise.all([
      shop.http().post(`/products/${id}/stock`).send({ delta: 20 }),
      ...Array.from({ length: 40 }, () => buy(id)),
    ]);
    expect(restock.status).toBe(200);
    const accepted = orders.filter((r) => r.status === 202).length;
    expect(orders.every((r) => r.status === 202 || r.status === 409)).toBe(true);
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect((await stockOf(id)) + accepted).toBe(30);
    // Whatever is left now sells exactly.
    const rest = await Promise.all(Array.from({ length: 40 }, () => buy(id)));
    expect(rest.filter((r) => r.status === 202)).toHaveLength(30 - accepted);
    expect(await stockOf(id)).toBe(0);
    await shop.http().post(`/products/${id}/stock`).send({ delta: -1 }).expect(409);
    await shop.http().post(`/products/${id}/stock`).send({ delta: 0 }).expect(400);
    await shop.http().post('/products/777777/stock').send({ delta: 1 }).expect(404);
  });

  it('answers 404 for an unknown order and 400 for a bad order id', async () => {
    await shop.http().get('/orders/424242').expect(404);
    await shop.http().get('/orders/x1').expect(400);
  });

  describe('Idempotency-Key', () => {
    const ordersOf = async (id: number) =>
      query<{ id: number }>(`SELECT id FROM "${shop.schema}".orders WHERE product_id = $1`, [id]);

    it('answers a resent order with the order it created and reserves nothing again', async () => {
      const id = await product('O-IK-1', 5);
      const send = () =>
        shop
          .http()
          .post('/orders')
          .set('Idempotency-Key', 'retry-after-timeout-1')
          .send({ productId: id, quantity: 2 })
          .expect(202);
      const first = await send();
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await send();
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await stockOf(id)).toBe(3);
      expect(await ordersOf(id)).toHaveLength(1);
      // The key stays out of reads.
      const read = await shop.http().get(`/orders/${first.body.id}`).expect(200);
      expect(read.body).not.toHaveProperty('idempotencyKey');
    });

    it('replays the order of a key after its product sold out (not 409)', async () => {
      const id = await product('O-IK-LAST', 1);
      const send = () =>
        shop
          .http()
          .post('/orders')
          .set('Idempotency-Key', 'the-last-one')
          .send({ productId: id, quantity: 1 })
          .expect(202);
      const first = await send();
      const again = await send();
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await stockOf(id)).toBe(0);
    });

    it('creates one order for 20 concurrent sends of one key, and all of them get it', async () => {
      const id = await product('O-IK-RACE', 50);
      // The losing sends' taken key is an answer, never a failure of Postgres.
      const breakerFailures: unknown[] = [];
      const listener = shop.app
        .get(BreakerRegistry)
        .get('postgres')
        .onFailure((f) => breakerFailures.push(f));
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          shop
            .http()
            .post('/orders')
            .set('Idempotency-Key', 'double-click')
            .send({ productId: id, quantity: 1 }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(202));
      expect(new Set(results.map((r) => r.body.id as number)).size).toBe(1);
      expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
      listener.dispose();
      expect(breakerFailures).toEqual([]);
      expect(await stockOf(id)).toBe(49);
      expect(await ordersOf(id)).toHaveLength(1);
    });

    it('refuses a key reused with another body (422) and changes nothing', async () => {
      const id = await product('O-IK-2', 5);
      const key = { 'Idempotency-Key': 'reused' };
      await shop.http().post('/orders').set(key).send({ productId: id, quantity: 1 }).expect(202);
      const res = await shop
        .http()
        .post('/orders')
        .set(key)
        .send({ productId: id, quantity: 3 })
        .expect(422);
      // Nothing of the order holding the key: with anonymous keys it may be another client's.
      expect(res.body.message).toBe(
        'Idempotency-Key "reused" was already used for an order with another body',
      );
      expect(await stockOf(id)).toBe(4);
      expect(await ordersOf(id)).toHaveLength(1);
    });

    it('gives one order to concurrent sends of one key with different bodies, 422 to others', async () => {
      const id = await product('O-IK-MIX', 10);
      const results = await Promise.all(
        [1, 2, 1, 2].map((quantity) =>
          shop
            .http()
            .post('/orders')
            .set('Idempotency-Key', 'same-key-two-bodies')
            .send({ productId: id, quantity }),
        ),
      );
      const winner = await ordersOf(id);
      expect(winner).toHaveLength(1);
      const [{ quantity }] = await query<{ quantity: number }>(
        `SELECT quantity FROM "${shop.schema}".orders WHERE id = $1`,
        [winner[0].id],
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 202)).toHaveLength(2);
      expect(statuses.filter((s) => s === 422)).toHaveLength(2);
      expect(await stockOf(id)).toBe(10 - quantity);
    });

    it("scopes keys per Authorization: another client's key starts its own order (issue 20)", async () => {
      const id = await product('O-IK-SCOPE', 10);
      const send = (authorization: string) =>
        shop
          .http()
          .post('/orders')
          .set('Authorization', authorization)
          .set('Idempotency-Key', 'shared-key')
          .send({ productId: id, quantity: 1 })
          .expect(202);
      const alice = await send('Bearer alice-token');
      const bob = await send('Bearer bob-token');
      expect(bob.headers['idempotent-replayed']).toBeUndefined();
      expect(bob.body.id).not.toBe(alice.body.id);
      // Each client's resend still gets its own order, once.
      const aliceAgain = await send('Bearer alice-token');
      expect(aliceAgain.headers['idempotent-replayed']).toBe('true');
      expect(aliceAgain.body.id).toBe(alice.body.id);
      // An anonymous send of the same key is a third scope; the credentials are never stored.
      const anonymous = await shop
        .http()
        .post('/orders')
        .set('Idempotency-Key', 'shared-key')
        .send({ productId: id, quantity: 1 })
        .expect(202);
      expect(new Set([alice.body.id, bob.body.id, anonymous.body.id]).size).toBe(3);
      expect(await stockOf(id)).toBe(7);
      const stored = await query<{ idempotency_key: string }>(
        `SELECT idempotency_key FROM "${shop.schema}".orders WHERE product_id = $1`,
        [id],
      );
      expect(stored.map((r) => r.idempotency_key).join(' ')).not.toMatch(/alice|bob/);
    });

    it('answers an anonymous key reused with another body 422, with nothing of the other order', async () => {
      const id = await product('O-IK-ANON', 10);
      const first = await shop
        .http()
        .post('/orders')
        .set('Idempotency-Key', 'anonymous-collision')
        .send({ productId: id, quantity: 2 })
        .expect(202);
      const other = await shop
        .http()
        .post('/orders')
        .set('Idempotency-Key', 'anonymous-collision')
        .send({ productId: id, quantity: 1 })
        .expect(422);
      expect(first.body.id).toEqual(expect.any(Number));
      expect(other.body).toEqual({
        statusCode: 422,
        error: 'Unprocessable Entity',
        message:
          'Idempotency-Key "anonymous-collision" was already used for an order with another body',
      });
    });

    it('answers 400 for a key that is empty, too long or not visible ASCII', async () => {
      const id = await product('O-IK-3', 5);
      for (const bad of ['', 'x'.repeat(129), 'has space', 'tab\tkey']) {
        const res = await shop
          .http()
          .post('/orders')
          .set('Idempotency-Key', bad)
          .send({ productId: id, quantity: 1 });
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/Idempotency-Key must be/);
      }
      expect(await stockOf(id)).toBe(5);
    });
  });
});
