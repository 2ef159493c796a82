import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { InboxMessage, OutboxMessage } from '@bulwark/messaging';
import { countEffects, Effect, windowed } from './support/effect';
import { createSchema, type TestSchema } from './support/postgres';
import { connectPublisher } from './support/rabbit';
import { waitFor } from '../../support/wait-for';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';

const MESSAGES = 300;
const PREFETCH = 25;
const ROOT = join(__dirname, '..', '..', '..');

/** A consumer process; `delivered` collects the ids it received (acked or not). */
function spawnConsumer(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'test/e2e/messaging/fixtures/effect-consumer.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const delivered: string[] = [];
  let ready = false;
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      if (line === 'ready') ready = true;
      if (line.startsWith('delivered ')) delivered.push(line.slice('delivered '.length));
    }
  });
  return { child, delivered, isReady: () => ready };
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

describe('Messaging > RabbitMQ > crash: consumer process SIGKILLed with unacked messages', () => {
  let vhost: TestVhost;
  let pg: TestSchema;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    vhost = await createVhost('crash');
    pg = await createSchema('crash', [OutboxMessage, InboxMessage, Effect]);
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => kill(c, 'SIGKILL')));
    await pg.drop();
    await vhost.remove();
  });

  it('should redeliver every held message to the next consumer with no double effect', async () => {
    const env = { AMQP_URL: vhost.url, PG_SCHEMA: pg.schema, PREFETCH: String(PREFETCH) };
    const first = spawnConsumer({ ...env, HOLD_MS: '600000' });
    children.push(first.child);
    await waitFor('first consumer ready', first.isReady, 30_000);
    const producer = await connectPublisher({ url: vhost.url });
    await windowed(MESSAGES, 100, (i) =>
      producer.publisher.publish('', 'work', { i }, { messageId: `c-${i}` }),
    );
    await waitFor(
      'first consumer to hold a full prefetch',
      () => first.delivered.length >= PREFETCH,
      20_000,
    );
    const held = [...first.delivered];
    await kill(first.child, 'SIGKILL');

    const second = spawnConsumer({ ...env, HOLD_MS: '0' });
    children.push(second.child);
    await waitFor(
      'all effects',
      async () => (await countEffects(pg.dataSource, pg.schema)).total >= MESSAGES,
      60_000,
    );
    await producer.close();
    // Let any stray redelivery land before counting duplicates.
    await new Promise((r) => setTimeout(r, 300));
    const effects = await countEffects(pg.dataSource, pg.schema);
    const redelivered = held.filter((id) => second.delivered.includes(id));
    console.log(
      JSON.stringify({
        test: 'crash',
        published: MESSAGES,
        heldByKilled: held.length,
        redelivered: redelivered.length,
        effects: effects.total,
        distinct: effects.distinct,
      }),
    );

    expect(held).toHaveLength(PREFETCH);
    expect(redelivered).toEqual(held);
    expect(effects).toEqual({ total: MESSAGES, distinct: MESSAGES });
  });
});
