import { InboxMessage, MessagingHeaders as H, OutboxMessage } from '@bulwark/messaging';
import { type ConsumerApp, startConsumerApp } from './support/consumer-app';
import { countEffects, Effect, EffectConsumer, TEST_DATA_SOURCE, windowed } from './support/effect';
import { createSchema, type TestSchema } from './support/postgres';
import { counter } from './support/rabbit';
import { waitFor } from '../../support/wait-for';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';

const GOOD = 5_000;
const ATTEMPTS = 3;

describe('Messaging > RabbitMQ > poison: one always-failing message among 5,000 good ones', () => {
  let vhost: TestVhost;
  let pg: TestSchema;
  let consumer: ConsumerApp;

  beforeAll(async () => {
    vhost = await createVhost('poison');
    pg = await createSchema('poison', [OutboxMessage, InboxMessage, Effect]);
    EffectConsumer.poisonId = 'poison-1';
    consumer = await startConsumerApp(
      {
        url: vhost.url,
        topology: {
          queues: [
            {
              name: 'work',
              prefetch: 100,
              retry: { attempts: ATTEMPTS, backoff: ['100ms', '200ms'] },
            },
          ],
        },
      },
      [EffectConsumer],
      [{ provide: TEST_DATA_SOURCE, useValue: pg.dataSource }],
    );
  });

  afterAll(async () => {
    await consumer.close();
    await pg.drop();
    await vhost.remove();
  });

  it('should dead-letter the poison message after N attempts and process every good one', async () => {
    const ids = Array.from({ length: GOOD + 1 }, (_, i) => (i === 10 ? 'poison-1' : `g-${i}`));
    await windowed(ids.length, 200, (i) =>
      consumer.publisher.publish('', 'work', { i }, { messageId: ids[i] }),
    );
    await waitFor(
      'good effects',
      async () => (await countEffects(pg.dataSource, pg.schema)).total >= GOOD,
      60_000,
    );
    await waitFor(
      'poison in DLQ',
      async () => (await counter(consumer.registry, 'dead_lettered_total')) === 1,
      10_000,
    );

    const letters = await consumer.dlq.list('work', 10);
    const effects = await countEffects(pg.dataSource, pg.schema);
    console.log(
      JSON.stringify({
        test: 'poison',
        good: GOOD,
        effects: effects.total,
        dlq: letters.length,
        attempts: letters[0]?.headers[H.attempts],
      }),
    );
    expect(effects).toEqual({ total: GOOD, distinct: GOOD });
    expect(letters.map((l) => l.messageId)).toEqual(['poison-1']);
    expect(letters[0].headers).toMatchObject({
      [H.attempts]: ATTEMPTS,
      [H.deadLetterReason]: 'exhausted',
    });
    expect(await counter(consumer.registry, 'retried_total')).toBe(ATTEMPTS - 1);
  });
});
