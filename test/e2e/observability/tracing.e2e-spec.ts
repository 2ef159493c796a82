import { createSchema, dropSchema, TEST_DATABASE_URL, uniqueName } from '../../support/postgres';
import { ShopProcess, startShopProcess } from '../../support/shop-process';
import { waitFor } from '../../support/wait-for';
import { OtlpReceiver, type ReceivedSpan, SpanKinds } from './support/otlp-receiver';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** GET /products/:id twice (a load, then an L1 hit) and one POST /orders, confirmed by the consumer. */
async function exercise(shop: ShopProcess): Promise<{ productId: number; orderId: number }> {
  const created = await fetch(shop.url('/products'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sku: uniqueName('OTEL'), name: 'traced', priceCents: 100, stock: 5 }),
  });
  expect(created.status).toBe(201);
  const { id: productId } = await json<{ id: number }>(created);
  for (let i = 0; i < 2; i++)
    expect((await fetch(shop.url(`/products/${productId}`))).status).toBe(200);
  const order = await fetch(shop.url('/orders'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ productId, quantity: 1 }),
  });
  expect(order.status).toBe(202);
  const { id: orderId } = await json<{ id: number }>(order);
  await waitFor(`order ${orderId} CONFIRMED`, async () => {
    const res = await fetch(shop.url(`/orders/${orderId}`));
    return (await json<{ status: string }>(res)).status === 'CONFIRMED';
  });
  return { productId, orderId };
}

function shopEnv(schema: string): Record<string, string> {
  return {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_KEY_PREFIX: schema,
    LOG_LEVEL: 'info',
  };
}

describe('Tracing > OTLP export with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  let schema: string;
  let receiver: OtlpReceiver;
  let shop: ShopProcess;
  let productId: number;

  beforeAll(async () => {
    schema = await createSchema('otel');
    receiver = await OtlpReceiver.start();
    shop = await startShopProcess({
      ...shopEnv(schema),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'bulwark-shop-e2e',
      // Export every 100 ms instead of every 5 s, so the test waits for spans, not for a timer.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    ({ productId } = await exercise(shop));
  });
  afterAll(async () => {
    await shop?.stop();
    await receiver?.close();
    await dropSchema(schema);
  });

  const spans = (pred: (s: ReceivedSpan) => boolean) => receiver.spans.filter(pred);
  const serverSpan = (method: string, route: string) =>
    spans(
      (s) =>
        s.kind === SpanKinds.server &&
        s.attributes['http.request.method'] === method &&
        s.attributes['http.route'] === route,
    );

  it('logs where spans go and names the service', () => {
    expect(shop.output()).toContain(`tracing: OTLP/HTTP JSON to ${receiver.url}/v1/traces`);
    expect(receiver.spans.length).toBeGreaterThan(0);
    expect(new Set(receiver.spans.map((s) => s.service))).toEqual(new Set(['bulwark-shop-e2e']));
  });

  it('traces GET /products/:id: server span, cache spans tagged with the tier, Postgres under the load', async () => {
    const route = `/products/${productId}`;
    await waitFor(
      'two GET /products/:id server spans',
      async () => serverSpan('GET', '/products/:id').length >= 2,
    );
    const reads = serverSpan('GET', '/products/:id').filter(
      (s) => s.attributes['url.path'] === route,
    );
    expect(reads).toHaveLength(2);
    const cacheOf = (server: ReceivedSpan) =>
      spans((s) => s.traceId === server.traceId && s.name === 'cache.get');
    const [first, second] = reads.map(cacheOf);
    expect(first).toHaveLength(1);
    expect(first[0].attributes).toMatchObject({
      'cache.tier': 'loader',
      'cache.hit': false,
      'cache.namespace': 'catalog',
      'cache.key': expect.stringContaining(String(productId)),
    });
    expect(second).toHaveLength(1);
    expect(second[0].attributes).toMatchObject({ 'cache.tier': 'l1', 'cache.hit': true });
    // The loader's query is a child of the cache read that ran it.
    const loads = spans(
      (s) =>
        s.parentSpanId === first[0].spanId &&
        s.kind === SpanKinds.client &&
        s.attributes['db.system.name'] === 'postgresql',
    );
    expect(
      loads.some((s) => /^SELECT .*product/is.test(String(s.attributes['db.query.text']))),
    ).toBe(true);
  });

  it('traces POST /orders through the outbox, the Kafka publish and the consumer in one trace', async () => {
    const consumed = () =>
      spans((s) => s.kind === SpanKinds.consumer && s.name === 'orders.created process');
    await waitFor('a consume span', async () => consumed().length >= 1);
    const [post] = serverSpan('POST', '/orders');
    expect(post).toBeDefined();
    const trace = spans((s) => s.traceId === post.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));

    // Postgres: the order's transaction (reserve stock, insert order, insert outbox row).
    const pg = trace.filter((s) => s.attributes['db.system.name'] === 'postgresql');
    expect(pg.some((s) => /INSERT/i.test(String(s.attributes['db.query.text'])))).toBe(true);

    const produce = trace.filter((s) => s.kind === SpanKinds.producer);
    expect(produce).toHaveLength(1);
    expect(produce[0]).toMatchObject({
      name: 'orders.created publish',
      attributes: expect.objectContaining({
        'messaging.system': 'kafka',
        'messaging.destination.name': 'orders.created',
      }),
    });
    const consume = trace.filter((s) => s.kind === SpanKinds.consumer);
    expect(consume).toHaveLength(1);
    expect(consume[0].parentSpanId).toBe(produce[0].spanId);
    expect(consume[0].attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'orders.created',
      'messaging.message.id': produce[0].attributes['messaging.message.id'],
    });
    // The publish hangs off the request that wrote the outbox row: walking up its parents
    // reaches the POST /orders server span.
    let cursor: ReceivedSpan | undefined = produce[0];
    while (cursor && cursor.spanId !== post.spanId) cursor = byId.get(cursor.parentSpanId);
    expect(cursor).toBe(post);
    // The consumer's own queries (confirm the order, inbox row, fulfilment) are in the trace too.
    await waitFor('a postgresql span under the consume span', async () =>
      spans((s) => s.parentSpanId === consume[0].spanId).some(
        (s) => s.attributes['db.system.name'] === 'postgresql',
      ),
    );
  });

  it('does not trace probes and scrapes', async () => {
    await fetch(shop.url('/health/live'));
    await fetch(shop.url('/metrics'));
    await new Promise((r) => setTimeout(r, 300));
    expect(spans((s) => /health|metrics/.test(String(s.attributes['url.path'])))).toEqual([]);
  });

  it('flushes at graceful shutdown and exits 0', async () => {
    const before = receiver.requests;
    // An L1 hit right before SIGTERM: its spans can only reach the receiver through the flush.
    await fetch(shop.url(`/products/${productId}`));
    expect(await shop.stop('SIGTERM')).toBe(0);
    expect(receiver.requests).toBeGreaterThan(before);
    expect(serverSpan('GET', '/products/:id').length).toBe(3);
  });
});

describe('Tracing > off without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  let schema: string;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    schema = await createSchema('otel_off');
    receiver = await OtlpReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
    await dropSchema(schema);
  });

  it('sends nothing, even with a traces endpoint configured, through requests, events and shutdown', async () => {
    const shop = await startShopProcess({
      ...shopEnv(schema),
      // Where an SDK would send spans if one were running: it must not be.
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    try {
      await exercise(shop);
      expect(shop.output()).toContain('tracing: off (OTEL_EXPORTER_OTLP_ENDPOINT unset)');
    } finally {
      expect(await shop.stop('SIGTERM')).toBe(0);
    }
    expect(receiver.requests).toBe(0);
  });
});
