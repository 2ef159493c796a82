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
    await waitFor('one dead letter listed', async () => {
      letters = (await shop.http().get('/admin/dlq/orders.created').set(auth).expect(200)).body;
      return letters.length === 1;
    });
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

  it('lists and replays nothing for a topic that never dead-lettered (no 500)', async () => {
    const listed = await shop.http().get('/admin/dlq/never.failed').set(auth).expect(200);
    expect(listed.body).toEqual([]);
    const replay = await shop
      .http()
      .post('/admin/dlq/never.failed/replay')
      .set(auth)
      .send({})
      .expect(200);
    expect(replay.body).toEqual({ replayed: 0, skipped: 0 });
  });

  it('lists a dead letter nested 20,000 levels deep as base64, not a 500', async () => {
    const kafka = new Kafka({
      brokers: await shop.app.get(KafkaBrokers).brokers(),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    await producer.send({ topic: 'orders.created.dlq', messages: [{ key: 'deep', value: deep }] });
    await producer.disconnect();
    const letters: { key: string; payload: unknown; payloadEncoding: string }[] = (
      await shop.http().get('/admin/dlq/orders.created').set(auth).expect(200)
    ).body;
    const letter = letters.find((l) => l.key === 'deep');
    expect(letter?.payloadEncoding).toBe('base64');
    expect(Buffer.from(letter?.payload as string, 'base64').toString()).toBe(deep);
  });

  it('answers 409 to a replay of all while another runs for the same topic', async () => {
    const replays = await Promise.all(
      [1, 2, 3].map(() => shop.http().post('/admin/dlq/orders.created/replay').set(auth).send({})),
    );
    expect(replays.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const conflict = replays.find((r) => r.status === 409)!;
    expect(conflict.body.message).toContain('already running');
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
    // An explicit null is not "omitted" (which means replay everything).
    await shop
      .http()
      .post('/admin/dlq/orders.created/replay')
      .set(auth)
      .send({ positions: null })
      .expect(400);
  });

  it('answers 409 for RabbitMQ dead letters while RabbitMQ is off, 401 without a token', async () => {
    const res = await shop.http().get('/admin/dlq/rmq/notifications').set(auth).expect(409);
    expect(res.body.message).toContain('RabbitMQ transport is off');
    await shop.http().get('/admin/dlq/orders.created').expect(401);
  });
});
