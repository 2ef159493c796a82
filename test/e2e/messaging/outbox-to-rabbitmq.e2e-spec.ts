import {
  CreateMessagingTables1764000000000,
  InboxMessage,
  OutboxMessage,
  OutboxService,
} from '@bulwark/messaging';
import { type ConsumerApp, startConsumerApp } from './support/consumer-app';
import { countEffects, Effect, EffectConsumer, TEST_DATA_SOURCE } from './support/effect';
import { createSchema, type TestSchema } from './support/postgres';
import { waitFor } from '../../support/wait-for';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';

const ORDERS = 500;

describe('Messaging > Outbox > to RabbitMQ through MessagingModule (relay on, migrated schema)', () => {
  let vhost: TestVhost;
  let pg: TestSchema;
  let app: ConsumerApp;

  beforeAll(async () => {
    vhost = await createVhost('obx');
    pg = await createSchema('obx', [OutboxMessage, InboxMessage, Effect], {
      migrate: true,
      migrations: [CreateMessagingTables1764000000000],
    });
    await pg.dataSource.query(
      `CREATE TABLE effect (id serial PRIMARY KEY, message_id varchar NOT NULL)`,
    );
    app = await startConsumerApp(
      {
        url: vhost.url,
        topology: {
          exchanges: [{ name: 'shop', type: 'topic' }],
          queues: [{ name: 'work', bindings: [{ exchange: 'shop', routingKey: 'order.*' }] }],
        },
      },
      [EffectConsumer],
      [{ provide: TEST_DATA_SOURCE, useValue: pg.dataSource }],
      { dataSource: pg.dataSource, outbox: { relay: true, pollInterval: '20ms' } },
    );
  });

  afterAll(async () => {
    await app.close();
    await pg.drop();
    await vhost.remove();
  });

  it('should deliver every committed outbox row once, with the row id as message id', async () => {
    const outbox = app.app.get(OutboxService);
    const ids: string[] = [];
    for (let i = 0; i < ORDERS; i += 50) {
      await pg.dataSource.transaction(async (m) => {
        for (let j = i; j < i + 50; j++) {
          ids.push(
            await outbox.publish(m, {
              transport: 'rabbitmq',
              destination: 'shop',
              key: 'order.confirmed',
              payload: { orderId: j },
            }),
          );
        }
      });
    }
    await waitFor(
      'effects',
      async () => (await countEffects(pg.dataSource, pg.schema)).total >= ORDERS,
      30_000,
    );
    const applied: Array<{ message_id: string }> = await pg.dataSource.query(
      `SELECT message_id FROM effect`,
    );
    expect(applied.map((r) => r.message_id).sort()).toEqual([...ids].sort());
    // Rows are marked sent after the broker confirms them, which may come after their effects.
    await waitFor(
      'outbox marks',
      async () => {
        const [{ unsent }] = await pg.dataSource.query(
          `SELECT count(*)::int AS unsent FROM outbox WHERE sent_at IS NULL`,
        );
        return unsent === 0;
      },
      30_000,
    );
  });

  it('should export queue depth of the work queue and its retry/DLQ queues', async () => {
    const text = await app.registry.metrics();
    for (const queue of ['work', 'work.retry.1', 'work.retry.3', 'work.dlq']) {
      expect(text).toContain(`bulwark_rabbitmq_queue_depth{queue="${queue}"} 0`);
    }
    expect(text).toMatch(/bulwark_rabbitmq_confirmed_total\{exchange="shop"\} 500/);
  });
});
