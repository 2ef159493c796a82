import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EmbeddedKafka, startEmbeddedKafka } from '@bulwark/kafka-broker';
import { KafkaMessagingHeaders } from '@bulwark/messaging/kafka';
import { BreakerRegistry } from '@bulwark/resilience';
import { Kafka, logLevel } from 'kafkajs';
import request from 'supertest';
import { createShopApp } from '../../../apps/shop/src/bootstrap';
import { RedisServer } from '../../support/redis-server';
import { createSchema, dropSchema, TEST_DATABASE_URL, uniqueName } from '../../support/postgres';
import { deleteRedisKeys, startTestShop, TEST_REDIS_URL, TestShop } from '../../support/shop-app';
import { TcpProxy } from '../../support/tcp-proxy';
import { waitFor } from '../../support/wait-for';

type Http = () => ReturnType<typeof request>;

/** Polls readiness until `accept` holds for its answer; returns that answer. */
async function readyUntil(
  http: Http,
  accept: (res: request.Response) => boolean,
  timeoutMs = 20_000,
): Promise<request.Response> {
  let last: request.Response | undefined;
  await waitFor(
    'a readiness answer the test accepts',
    async () => accept((last = await http().get('/health/ready'))),
    timeoutMs,
  );
  return last!;
}

/**
 * The shop on a broker this test owns, with a long initial rebalance delay: the consumer's first
 * join takes seconds, long enough to probe readiness before it.
 */
describe('Probes > Kafka consumer group, lag and breakers', () => {
  const JOIN_DELAY_MS = 3000;
  let broker: EmbeddedKafka;
  let app: NestFastifyApplication;
  let schema: string;
  let redisPrefix: string;
  let http: Http;
  let started: Promise<void>;

  beforeAll(async () => {
    broker = await startEmbeddedKafka({
      port: 0,
      initialRebalanceDelayMs: JOIN_DELAY_MS,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    schema = await createSchema('probes');
    redisPrefix = uniqueName('probes');
    app = await createShopApp({
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: redisPrefix,
      KAFKA_BROKERS: broker.brokers.join(','),
      LOG_LEVEL: 'silent',
      HEALTH_DETAILS: 'true', // these tests read each check's details
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    http = () => request(app.getHttpServer());
    // Not awaited: the consumer's join is what the first test observes pending.
    started = app.startAllMicroservices().then(() => undefined);
    started.catch(() => undefined);
  });
  afterAll(async () => {
    await started.catch(() => undefined);
    await app.close();
    await broker.stop();
    await dropSchema(schema);
    await deleteRedisKeys(`${redisPrefix}:*`);
  });

  it('before the consumer has joined its group: live 200, ready 503 saying so', async () => {
    const res = await readyUntil(http, (r) => r.body?.details?.kafkaConsumer !== undefined, 5_000);
    expect(res.status).toBe(503);
    expect(res.body.error.kafkaConsumer).toEqual({
      status: 'down',
      groupId: 'shop',
      message: 'consumer group "shop" not joined yet',
    });
    expect(res.body.details.postgres.status).toBe('up');
    await http().get('/health/live').expect(200);
  });

  it('once joined: ready 200 with the member and its partitions', async () => {
    await started;
    const res = await readyUntil(http, (r) => r.status === 200, 10_000);
    expect(res.status).toBe(200);
    const consumer = res.body.details.kafkaConsumer;
    expect(consumer).toMatchObject({ status: 'up', groupId: 'shop', rebalancing: false });
    expect(consumer.memberId).toEqual(expect.any(String));
    expect(consumer.partitions).toBeGreaterThanOrEqual(1);
    expect(consumer.assignment['orders.created']).toEqual([0]);
    expect(res.body.details.kafka).toMatchObject({ status: 'up', maxLag: 0 });
  });

  it('a critical breaker open: ready stays 200, degraded, naming it; closed again: up', async () => {
    // An open breaker fails one dependency's calls fast; the instance still serves the rest, and
    // failing readiness would take every instance sharing the dependency out at once (issue 20).
    const isolation = app.get(BreakerRegistry).get('postgres').isolate();
    try {
      const res = await http().get('/health/ready').expect(200);
      expect(res.body.status).toBe('degraded');
      expect(res.body.details.breakers).toMatchObject({ status: 'degraded', open: ['postgres'] });
      expect(res.body.details.breakers.breakers.postgres.state).toBe('isolated');
      expect(res.body.error).toEqual({});
    } finally {
      isolation.dispose();
    }
    const res = await http().get('/health/ready').expect(200);
    expect(res.body.details.breakers.breakers.postgres.state).toBe('closed');
  });

  it('consumer lag over the threshold (10000): ready 503 naming kafka with the lag', async () => {
    // Retry copies not due for an hour: the consumer pauses that partition at its head, so they
    // stay uncommitted and count as lag without any handler running.
    const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const dueAt = String(Date.now() + 3_600_000);
    const messages = Array.from({ length: 10_050 }, (_, i) => ({
      key: String(i),
      value: JSON.stringify({ orderId: 1_000_000 + i }),
      headers: { [KafkaMessagingHeaders.retryDueAt]: dueAt },
    }));
    try {
      await producer.send({ topic: 'orders.created.retry.1', messages });
    } finally {
      await producer.disconnect();
    }
    const res = await readyUntil(http, (r) => r.body?.error?.kafka !== undefined);
    expect(res.status).toBe(503);
    expect(res.body.error.kafka).toEqual({
      status: 'down',
      maxLag: 10_050,
      message: 'consumer lag 10050 over 10000',
    });
    expect(res.body.details.kafkaConsumer.status).toBe('up');
    await http().get('/health/live').expect(200);
  });
});

/** Redis on its own server, paused (SIGSTOP) and resumed: a hung Redis, not a refused one. */
describe('Probes > Redis down', () => {
  let redis: RedisServer;
  let redisPid: number;
  let shop: TestShop;
  beforeAll(async () => {
    redis = await RedisServer.start();
    redisPid = Number(/process_id:(\d+)/.exec(await redis.client().info('server'))![1]);
    shop = await startTestShop({ REDIS_URL: redis.url, HEALTH_DETAILS: 'true' });
  });
  afterAll(async () => {
    process.kill(redisPid, 'SIGCONT');
    await shop.close();
    await redis.stop();
  });

  it('ready stays 200 with redis degraded, a cached product is still served, and recovers', async () => {
    const { body: product } = await shop
      .http()
      .post('/products')
      .send({ sku: 'PROBE-REDIS', name: 'cached', priceCents: 1, stock: 1 })
      .expect(201);
    await shop.http().get(`/products/${product.id}`).expect(200);
    expect((await shop.http().get('/health/ready').expect(200)).body.details.redis.status).toBe(
      'up',
    );

    process.kill(redisPid, 'SIGSTOP');
    const res = await shop.http().get('/health/ready').expect(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.details.redis).toMatchObject({
      status: 'degraded',
      backend: 'redis',
      degraded: true,
    });
    expect(res.body.error).toEqual({});
    const read = await shop.http().get(`/products/${product.id}`).expect(200);
    expect(read.body).toMatchObject({ id: product.id, sku: 'PROBE-REDIS' });
    await shop.http().get('/health/live').expect(200);

    process.kill(redisPid, 'SIGCONT');
    const back = await readyUntil(shop.http, (r) => r.body?.details?.redis?.status === 'up');
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('ok');
  });
});

/** Postgres cut behind a TCP proxy, then healed. */
describe('Probes > Postgres unreachable', () => {
  let proxy: TcpProxy;
  let shop: TestShop;
  beforeAll(async () => {
    proxy = new TcpProxy(5432);
    const port = await proxy.start();
    shop = await startTestShop({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test`,
      HEALTH_DETAILS: 'true',
    });
  });
  afterAll(async () => {
    await shop.close();
    await proxy.stop();
  });

  it('live stays 200, ready answers 503 naming postgres, then recovers', async () => {
    await readyUntil(shop.http, (r) => r.status === 200);
    const outage = proxy.cut(4_000);
    try {
      const live = await shop.http().get('/health/live');
      const ready = await shop.http().get('/health/ready');
      expect(live.status).toBe(200);
      expect(live.body.status).toBe('ok');
      expect(ready.status).toBe(503);
      expect(ready.body.error.postgres.status).toBe('down');
      expect(ready.body.error.postgres.message).toEqual(expect.any(String));
      expect(ready.body.details.redis.status).toBe('up');
      expect(ready.body.details.kafka.status).toBe('up');
    } finally {
      await outage;
    }
    const back = await readyUntil(shop.http, (r) => r.status === 200);
    expect(back.status).toBe(200);
    expect(back.body.details.postgres.status).toBe('up');
    await shop.http().get('/health/live').expect(200);
  });
});
