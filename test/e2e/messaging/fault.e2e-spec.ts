import { InboxMessage, OutboxMessage } from '@bulwark/messaging';
import { type ConsumerApp, startConsumerApp } from './support/consumer-app';
import { countEffects, Effect, EffectConsumer, TEST_DATA_SOURCE, windowed } from './support/effect';
import { createSchema, type TestSchema } from './support/postgres';
import { connectPublisher, counter } from './support/rabbit';
import { waitFor } from '../../support/wait-for';
import { TcpProxy } from '../../support/tcp-proxy';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';

const MESSAGES = 10_000;
const CUT_DOWN_MS = 300;

describe('Messaging > RabbitMQ > fault: connection cut 3 times while publishing and consuming', () => {
  let vhost: TestVhost;
  let pg: TestSchema;
  let proxy: TcpProxy;
  let consumer: ConsumerApp;

  beforeAll(async () => {
    vhost = await createVhost('fault');
    pg = await createSchema('fault', [OutboxMessage, InboxMessage, Effect]);
    proxy = new TcpProxy(5672);
  });

  afterAll(async () => {
    await consumer?.close();
    await proxy.stop();
    await pg.drop();
    await vhost.remove();
  });

  it('should process every confirmed message exactly once in effect', async () => {
    const port = await proxy.start();
    const rabbitmq = {
      url: vhost.urlVia(port),
      publishTimeout: '20s',
      reconnect: { min: '50ms', max: '500ms' },
      topology: { queues: [{ name: 'work', prefetch: 200 }] },
    } as const;
    consumer = await startConsumerApp(
      rabbitmq,
      [EffectConsumer],
      [{ provide: TEST_DATA_SOURCE, useValue: pg.dataSource }],
    );
    const producer = await connectPublisher(rabbitmq);
    const confirmed = new Set<string>();
    let rejected = 0;
    const started = Date.now();
    const cuts = (async () => {
      for (const threshold of [2_500, 5_000, 7_500]) {
        await waitFor(`${threshold} confirms`, () => confirmed.size >= threshold, 60_000);
        await proxy.cut(CUT_DOWN_MS);
      }
    })();
    await windowed(MESSAGES, 300, async (i) => {
      const id = `f-${i}`;
      try {
        await producer.publisher.publish('', 'work', { i }, { messageId: id });
        confirmed.add(id);
      } catch {
        rejected++;
      }
    });
    await cuts;
    const publishMs = Date.now() - started;
    await waitFor(
      'effects',
      async () => (await countEffects(pg.dataSource, pg.schema)).distinct >= confirmed.size,
      60_000,
    );
    await producer.close();

    const effects = await countEffects(pg.dataSource, pg.schema);
    const deliveries = await counter(consumer.registry, 'consumed_total');
    const applied: Array<{ message_id: string }> = await pg.dataSource.query(
      `SELECT message_id FROM "${pg.schema}".effect`,
    );
    const appliedIds = new Set(applied.map((r) => r.message_id));
    const missing = [...confirmed].filter((id) => !appliedIds.has(id));
    console.log(
      JSON.stringify({
        test: 'fault',
        published: MESSAGES,
        confirmed: confirmed.size,
        rejected,
        cuts: proxy.cuts,
        effects: effects.total,
        distinct: effects.distinct,
        missing: missing.length,
        deliveries,
        publishMs,
      }),
    );

    expect(proxy.cuts).toBe(3);
    expect(rejected).toBe(0);
    expect(confirmed.size).toBe(MESSAGES);
    expect(missing).toEqual([]);
    expect(effects.total).toBe(effects.distinct);
  });
});
