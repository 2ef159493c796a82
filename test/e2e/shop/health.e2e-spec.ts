import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_DRAIN_BUDGET_MS } from '../../../apps/shop/src/health/graceful-shutdown';
import { HttpDrain, HttpDrainResult } from '../../../apps/shop/src/health/http-drain';
import { LifecycleState } from '../../../apps/shop/src/health/lifecycle.state';
import { createSchema, dropSchema, query } from '../../support/postgres';
import { startTestShop, TestShop } from '../../support/shop-app';

const ADMIN = 'health-admin-token-0123456789';

describe('Shop > health, metrics, request ids', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop({ ADMIN_TOKEN: ADMIN });
  });
  afterAll(() => shop.close());

  it('GET /health/live → 200', async () => {
    const res = await shop.http().get('/health/live').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('GET /health/ready → 200 with Postgres and Redis up', async () => {
    const res = await shop
      .http()
      .get('/health/ready')
      .set('Authorization', `Bearer ${ADMIN}`)
      .expect(200);
    expect(res.body.details).toMatchObject({
      postgres: { status: 'up' },
      redis: { status: 'up', backend: 'redis' },
    });
  });

  /** Every check of a readiness answer carries nothing but its status. */
  const statusesOnly = (body: { details: Record<string, object> }) =>
    Object.values(body.details).every((c) => Object.keys(c).join() === 'status');

  it('GET /health/ready in public: each check by name with its status, no details (issue 20)', async () => {
    for (const authorization of [undefined, 'Bearer wrong-wrong-wrong-wrong', 'Basic x']) {
      const req = shop.http().get('/health/ready');
      const res = await (authorization ? req.set('Authorization', authorization) : req).expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.details).toMatchObject({
        postgres: { status: 'up' },
        kafkaConsumer: { status: 'up' },
        breakers: { status: 'up' },
        admission: { status: 'up' },
      });
      expect(statusesOnly(res.body)).toBe(true);
      expect(JSON.stringify(res.body)).not.toMatch(/memberId|assignment|closed|shedTotal|backend/);
    }
    // With the admin token: the whole report (consumer membership, breaker states, admission).
    const full = await shop
      .http()
      .get('/health/ready')
      .set('Authorization', `Bearer ${ADMIN}`)
      .expect(200);
    expect(full.body.details.breakers.breakers.postgres.state).toBe('closed');
    expect(full.body.details.admission).toHaveProperty('shedTotal');
    expect(full.body.details.kafkaConsumer).toHaveProperty('memberId');
  });

  it('GET /metrics exposes process metrics and the HTTP histogram by route template', async () => {
    await shop.http().get('/products/123456').expect(404);
    const res = await shop.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/products\/:id",status="404"\} \d+/,
    );
  });

  it('generates an x-request-id and echoes a given one', async () => {
    const generated = await shop.http().get('/health/live');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await shop.http().get('/health/live').set('x-request-id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
  });

  it('does not trust an unsafe x-request-id', async () => {
    const res = await shop
      .http()
      .get('/health/live')
      .set('x-request-id', '<script>alert(1)</script> x');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document describing the contract', async () => {
    const res = await shop.http().get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/products/{id}',
        '/products',
        '/orders',
        '/orders/{id}',
        '/health/ready',
      ]),
    );
    // Every route that takes a body documents the 415 of a body that is not JSON.
    expect(res.body.paths['/orders'].post.responses).toHaveProperty('415');
    expect(res.body.paths['/products/{id}'].put.responses).toHaveProperty('415');
    expect(res.body.paths['/products/{id}'].get.responses).not.toHaveProperty('415');
  });
});

describe('Shop > readiness with a wrong DATABASE_URL port', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' });
  });
  afterAll(() => shop.close());

  it('still starts; live is 200 while ready is 503 naming postgres', async () => {
    await shop.http().get('/health/live').expect(200);
    const res = await shop.http().get('/health/ready').expect(503);
    expect(res.body.status).toBe('error');
    expect(res.body.error).toHaveProperty('postgres');
    expect(res.body.error.postgres.status).toBe('down');
    expect(res.body.details.redis.status).toBe('up');
  });

  it('answers data requests with a clear 503 instead of hanging', async () => {
    const res = await shop.http().get('/products/1').expect(503);
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Database is not available, try again shortly',
    });
  });
});

describe('Shop > a migration that fails', () => {
  let shop: TestShop;
  let schema: string;
  beforeAll(async () => {
    schema = await createSchema('badmig');
    // A conflicting table makes the first migration fail.
    await query(`CREATE TABLE "${schema}".product (id int)`);
    shop = await startTestShop({ DATABASE_SCHEMA: schema, HEALTH_DETAILS: 'true' });
  });
  afterAll(async () => {
    await shop.close();
    await dropSchema(schema);
  });

  it('leaves the app live, not ready, naming the cause, and data requests get 503', async () => {
    await shop.http().get('/health/live').expect(200);
    const res = await shop.http().get('/health/ready').expect(503);
    expect(res.body.error.postgres.message).toContain('already exists');
    await shop.http().get('/products/1').expect(503);
  });
});

describe('Shop > draining (shutdown begun)', () => {
  let shop: TestShop;
  let port: number;
  beforeAll(async () => {
    shop = await startTestShop();
    await shop.app.listen(0, '127.0.0.1');
    port = (shop.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => shop.close());

  it('lets a request in flight finish with Connection: close, and closes its keep-alive socket', async () => {
    const agent = new Agent({ keepAlive: true });
    const body = JSON.stringify({ sku: 'DRAIN-1', name: 'in flight', priceCents: 1, stock: 1 });
    let socketClosed: Promise<void> | undefined;
    const response = new Promise<{ status?: number; connection?: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/products',
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode, connection: res.headers.connection }),
          );
        },
      );
      req.on('socket', (socket) => {
        socketClosed = new Promise((closed) => socket.once('close', () => closed()));
      });
      req.on('error', reject);
      // Headers and part of the body before draining begins; the rest once the listener is closing.
      req.write(body.slice(0, 10));
      setTimeout(() => {
        shop.app.get(LifecycleState).startDraining();
        shop.app.get(HttpDrain).begin();
        closed = shop.app.get(HttpDrain).close(HTTP_DRAIN_BUDGET_MS);
        setTimeout(() => req.end(body.slice(10)), 100);
      }, 100);
    });
    let closed: Promise<HttpDrainResult> | undefined;

    expect(await response).toEqual({ status: 201, connection: 'close' });
    const drained = await closed!;
    expect(drained.inFlightAtClose).toBe(1);
    // Not kept for reuse: the agent's keep-alive socket is gone, not parked as free.
    await socketClosed;
    expect(Object.keys(agent.freeSockets)).toEqual([]);
    agent.destroy();
  });

  it('readiness answers 503 naming only the lifecycle; liveness stays 200', async () => {
    const ready = await shop.http().get('/health/ready').expect(503);
    expect(ready.body).toEqual({
      status: 'error',
      info: {},
      error: { lifecycle: { status: 'down' } },
      details: { lifecycle: { status: 'down' } },
    });
    expect(ready.headers.connection).toBe('close');
    await shop.http().get('/health/live').expect(200);
  });
});

describe('Shop > readiness details for everyone with HEALTH_DETAILS=true', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop({ HEALTH_DETAILS: 'true' });
  });
  afterAll(() => shop.close());

  it('shows every check in full without a token', async () => {
    const res = await shop.http().get('/health/ready').expect(200);
    expect(res.body.details.breakers.breakers.postgres.state).toBe('closed');
    expect(res.body.details.redis).toMatchObject({ status: 'up', backend: 'redis' });
  });
});
