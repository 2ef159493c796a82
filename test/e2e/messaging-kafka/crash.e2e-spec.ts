import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { MessagingHeaders as H } from '@bulwark/messaging';
import { kafkaFor, startBroker } from './support/kafka';
import { waitFor } from '../../support/wait-for';
import { ORDERS_TOPIC } from './support/orders.consumer';
import { count, createSchema, type TestSchema } from './support/postgres';

const FIXTURE = join(__dirname, 'fixtures', 'slow-consumer.ts');
const MESSAGES = 3000;
const GROUP = 'shop-crash';

describe('Kafka messaging > consumer process SIGKILLed mid-batch', () => {
  let broker: EmbeddedKafka;
  let db: TestSchema;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    broker = await startBroker({ defaultPartitions: 4 });
    db = await createSchema('crash');
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await broker.stop();
    await db.drop();
  });

  /** Spawns the consumer fixture and resolves once it has joined the group. */
  function startConsumer(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE], {
      cwd: join(__dirname, '..', '..', '..'),
      env: { ...process.env, BROKERS: broker.brokers.join(','), SCHEMA: db.schema, GROUP },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`consumer exited early (${code})`)));
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
    });
  }

  it('should leave one effect per message after a new member takes over: no loss, no double effect', async () => {
    const producer = kafkaFor(broker.brokers).producer();
    await producer.connect();
    const messages = Array.from({ length: MESSAGES }, (_, i) => ({
      key: `k${i % 50}`,
      value: JSON.stringify({ key: `k${i % 50}`, seq: i }),
      headers: { [H.messageId]: randomUUID() },
    }));
    await producer.send({ topic: ORDERS_TOPIC, messages });
    await producer.disconnect();

    const first = await startConsumer();
    await waitFor(
      'the first consumer to be mid-way',
      async () => (await count(db.dataSource, 'effect')) > 500,
    );
    first.removeAllListeners('exit');
    first.kill('SIGKILL');
    const atKill = await count(db.dataSource, 'effect');
    const committedAtKill = MESSAGES - (await lag(broker));

    await startConsumer();
    await waitFor(
      `${MESSAGES} effects`,
      async () => (await count(db.dataSource, 'effect')) >= MESSAGES,
      60_000,
    );
    await waitFor(
      'committed offsets at the high watermarks',
      async () => (await lag(broker)) === 0,
    );

    expect(atKill).toBeLessThan(MESSAGES);
    expect(committedAtKill).toBeLessThanOrEqual(atKill);
    expect(await count(db.dataSource, 'effect')).toBe(MESSAGES);
    expect(await count(db.dataSource, 'inbox')).toBe(MESSAGES);
    process.stdout.write(
      `crash: ${atKill}/${MESSAGES} effects when SIGKILLed (${committedAtKill} offsets ` +
        `committed), ${MESSAGES} effects after takeover\n`,
    );
  }, 90_000);
});

async function lag(broker: EmbeddedKafka): Promise<number> {
  const admin = kafkaFor(broker.brokers).admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId: GROUP, topics: [ORDERS_TOPIC] });
    const marks = await admin.fetchTopicOffsets(ORDERS_TOPIC);
    return marks.reduce((n, m) => {
      const done = Number(
        committed.partitions.find((p) => p.partition === m.partition)?.offset ?? 0,
      );
      return n + Number(m.high) - Math.max(0, done);
    }, 0);
  } finally {
    await admin.disconnect();
  }
}
