import { query } from '../../support/postgres';
import { createVhost, TestVhost } from '../../support/rabbitmq-vhost';
import { startTestShop, TestShop } from '../../support/shop-app';
import { waitFor } from '../../support/wait-for';

async function count(schema: string, sql: string): Promise<number> {
  const [row] = await query<{ n: string }>(sql.replaceAll('$schema', `"${schema}"`));
  return Number(row.n);
}

async function placeOrders(shop: TestShop, n: number): Promise<number[]> {
  const { body: p } = await shop
    .http()
    .post('/products')
    .send({ sku: `EV-${Date.now()}`, name: 'evented', priceCents: 1, stock: n })
    .expect(201);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await shop
      .http()
      .post('/orders')
      .send({ productId: p.id, quantity: 1 })
      .expect(202);
    ids.push(res.body.id);
  }
  return ids;
}

describe('Shop > order events over the embedded Kafka broker', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop({ RABBITMQ_URL: undefined, HEALTH_DETAILS: 'true' });
  });
  afterAll(() => shop.close());

  it('confirms every order exactly once: one fulfilment per order, stock reserved only once', async () => {
    const ids = await placeOrders(shop, 20);
    const confirmed = () =>
      count(shop.schema, `SELECT count(*) n FROM $schema.orders WHERE status = 'CONFIRMED'`);
    await waitFor('every order confirmed', async () => (await confirmed()) === ids.length);
    expect(await count(shop.schema, 'SELECT count(*) n FROM $schema.fulfilment')).toBe(ids.length);
    expect(
      await count(shop.schema, 'SELECT count(DISTINCT order_id) n FROM $schema.fulfilment'),
    ).toBe(ids.length);
    expect(await count(shop.schema, 'SELECT sum(stock) n FROM $schema.product')).toBe(0);
    const order = await shop.http().get(`/orders/${ids[0]}`).expect(200);
    expect(order.body.status).toBe('CONFIRMED');
  });

  it('writes no RabbitMQ work items when RabbitMQ is off, and says so in readiness', async () => {
    expect(
      await count(
        shop.schema,
        `SELECT count(*) n FROM $schema.outbox WHERE transport = 'rabbitmq'`,
      ),
    ).toBe(0);
    const ready = await shop.http().get('/health/ready').expect(200);
    expect(ready.body.details.rabbitmq).toMatchObject({ status: 'up', enabled: false });
    expect(ready.body.details.kafka.status).toBe('up');
  });
});

describe('Shop > order confirmation notifies through RabbitMQ', () => {
  let shop: TestShop;
  let vhost: TestVhost;
  beforeAll(async () => {
    vhost = await createVhost('shop');
    shop = await startTestShop({ RABBITMQ_URL: vhost.url, HEALTH_DETAILS: 'true' });
  });
  afterAll(async () => {
    await shop.close();
    await vhost.remove();
  });

  it('one notification row per confirmed order, via outbox → confirm channel → manual ack', async () => {
    const ids = await placeOrders(shop, 10);
    const notified = () => count(shop.schema, 'SELECT count(*) n FROM $schema.notification');
    await waitFor('every order notified', async () => (await notified()) === ids.length);
    // The relay marks a row sent after the broker confirms it, and the consumer may insert the
    // notification first: wait for the marks rather than read them in that race.
    const unsent = () =>
      count(shop.schema, `SELECT count(*) n FROM $schema.outbox WHERE sent_at IS NULL`);
    await waitFor('every outbox row sent', async () => (await unsent()) === 0);
    const ready = await shop.http().get('/health/ready').expect(200);
    expect(ready.body.details.rabbitmq.status).toBe('up');
  });
});
