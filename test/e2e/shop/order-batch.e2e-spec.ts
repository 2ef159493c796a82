import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../../apps/shop/src/database/data-source-options';
import { OrderRequest, placeOrderBatch } from '../../../apps/shop/src/orders/order-batch.sql';
import { createSchema, dropSchema, TEST_DATABASE_URL } from '../../support/postgres';

/** The group-commit statement on its own, against the shop's migrated schema on real Postgres. */
describe('Orders > group-commit statement', () => {
  let schema: string;
  let ds: DataSource;

  beforeAll(async () => {
    schema = await createSchema('batch');
    ds = await new DataSource(
      buildDataSourceOptions({ url: TEST_DATABASE_URL, schema, migrationsRun: true }),
    ).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await dropSchema(schema);
  });

  async function product(sku: string, stock: number): Promise<number> {
    const [{ id }] = await ds.query<Array<{ id: number }>>(
      `INSERT INTO product (sku, name, price_cents, stock) VALUES ($1, $1, 1, $2) RETURNING id`,
      [sku, stock],
    );
    return id;
  }
  const row = async (id: number) =>
    (
      await ds.query<Array<{ stock: number; version: number }>>(
        'SELECT stock, version FROM product WHERE id = $1',
        [id],
      )
    )[0];
  const order = (productId: number, quantity: number, idempotencyKey: string | null = null) =>
    ({ productId, quantity, idempotencyKey }) satisfies OrderRequest;

  it('should hand out stock in arrival order, per product, and tell unknown from sold out', async () => {
    const p1 = await product('B-1', 4);
    const p2 = await product('B-2', 0);
    const decisions = await placeOrderBatch(ds.manager, [
      order(p1, 2),
      order(p2, 1),
      order(p1, 2),
      order(987654, 1),
      order(p1, 1),
    ]);
    expect(decisions.map((d) => d.kind)).toEqual([
      'accepted',
      'sold-out',
      'accepted',
      'unknown-product',
      'sold-out',
    ]);
    expect(decisions[4]).toEqual({ kind: 'sold-out', remaining: 0 });
    // One decrement per product and batch, with the version bump the ORM's UPDATE made.
    expect(await row(p1)).toEqual({ stock: 0, version: 2 });
    expect(await row(p2)).toEqual({ stock: 0, version: 1 });
    const ids = decisions.flatMap((d) => (d.kind === 'accepted' ? [d.id] : []));
    const events = await ds.query<Array<{ key: string; payload: object; headers: object }>>(
      `SELECT key, payload, headers FROM outbox WHERE key = ANY($1::text[]) ORDER BY key`,
      [ids.map(String)],
    );
    expect(events).toHaveLength(2);
    expect(events[0].payload).toEqual({ orderId: ids[0], productId: p1, quantity: 2 });
    expect(events[0].headers).toEqual({ 'x-message-id': expect.any(String) });
  });

  it('should give one order per Idempotency-Key, taking stock only for inserted orders', async () => {
    const p = await product('B-KEY', 10);
    const first = await placeOrderBatch(ds.manager, [
      order(p, 1, 'k-1'),
      order(p, 2, 'k-1'),
      order(p, 1, 'k-2'),
    ]);
    expect(first.map((d) => d.kind)).toEqual(['accepted', 'key-taken', 'accepted']);
    expect((await row(p)).stock).toBe(8);
    const again = await placeOrderBatch(ds.manager, [order(p, 5, 'k-1'), order(p, 1)]);
    expect(again.map((d) => d.kind)).toEqual(['key-taken', 'accepted']);
    expect((await row(p)).stock).toBe(7);
  });

  it('should never oversell nor deadlock with concurrent batches over shared products', async () => {
    const a = await product('B-RACE-A', 100);
    const b = await product('B-RACE-B', 100);
    const batches = Array.from({ length: 8 }, (_, i) =>
      Array.from({ length: 40 }, (_, j) => order((i + j) % 2 ? a : b, 1)),
    );
    const results = await Promise.all(batches.map((batch) => placeOrderBatch(ds.manager, batch)));
    const accepted = results.flat().filter((d) => d.kind === 'accepted').length;
    expect(accepted).toBe(200);
    expect([(await row(a)).stock, (await row(b)).stock]).toEqual([0, 0]);
  });

  it('should not fail batches that meet a concurrent restock of a sold-out product', async () => {
    // Regression: computed from the snapshot's row, the decrement tripped CHECK (stock >= 0)
    // before Postgres rechecked against the restocked row (chaos scenario 7 saw 19 × 500).
    const p = await product('B-RESTOCK', 0);
    let accepted = 0;
    for (let round = 0; round < 10; round++) {
      const until = Date.now() + 150;
      const buyers = Array.from({ length: 4 }, async () => {
        while (Date.now() < until) {
          const batch = await placeOrderBatch(ds.manager, Array(10).fill(order(p, 1)));
          accepted += batch.filter((d) => d.kind === 'accepted').length;
        }
      });
      await new Promise((r) => setTimeout(r, 50));
      await ds.query('UPDATE product SET stock = stock + 50 WHERE id = $1', [p]);
      await Promise.all(buyers);
    }
    const { stock } = await row(p);
    expect(stock + accepted).toBe(500);
  });
});
