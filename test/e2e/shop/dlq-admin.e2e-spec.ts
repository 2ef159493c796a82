import { Kafka, logLevel } from 'kafkajs';
import { KafkaBrokers } from '../../../apps/shop/src/messaging/kafka-brokers';
import { startTestShop, TestShop } from '../../support/shop-app';
import { waitFor } from '../../support/wait-for';

const TOKEN = 'dlq-admin-token-0123456789';

describe('Shop > admin DLQ', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop({ ADMIN_TOKEN: TOKEN, RABBITMQ_URL: undefined });
  });
  afterAll(() => shop.close());
  const auth = { Authorization: `Bearer ${TOKEN}` };

  it('lists a poison orders.created event with its failure headers, and replays it', async () => {
    const kafka = new Kafka({
      brokers: await shop.app.get(KafkaBrokers).brokers(),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'orders.created',
      messages: [{ key: 'bad', value: '{"orderId":"not-a-number"}' }],
    });
    await producer.disconnect();

    let letters: { headers: Record<string, string>; key: string | null }[] = [];
    const listed = await waitFor(async () => {
      letters = (await shop.http().get('/admin/dlq/orders.created').set(auth).expect(200)).body;
      return letters.length === 1;
    });
    expect(listed).toBe(true);
    expect(letters[0].key).toBe('bad');
    const headerValues = Object.values(letters[0].headers).join(' ');
    expect(headerValues).toContain('orders.created');
    expect(headerValues).toContain('PoisonMessageError');

    const replay = await shop
      .http()
      .post('/admin/dlq/orders.created/replay')
      .set(auth)
      .send({})
      .expect(200);
    expect(replay.body).toMatchObject({ replayed: 1 });
  });

  it('validates names and limits', async () => {
    await shop.http().get('/admin/dlq/bad%20name').set(auth).expect(400);
    await shop.http().get('/admin/dlq/orders.created?limit=0').set(auth).expect(400);
    await shop
      .http()
      .post('/admin/dlq/orders.created/replay')
      .set(auth)
      .send({ positions: [{ partition: -1 }] })
      .expect(400);
  });

  it('answers 409 for RabbitMQ dead letters while RabbitMQ is off, 401 without a token', async () => {
    const res = await shop.http().get('/admin/dlq/rmq/notifications').set(auth).expect(409);
    expect(res.body.message).toContain('RabbitMQ transport is off');
    await shop.http().get('/admin/dlq/orders.created').expect(401);
  });
});
