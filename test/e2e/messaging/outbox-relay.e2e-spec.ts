import {
  InboxMessage,
  OutboxMessage,
  OutboxRelay,
  OutboxService,
  type OutboxPublisher,
  type OutboxRecord,
} from '@bulwark/messaging';
import type { DataSource } from 'typeorm';
import { createSchema, type TestSchema } from './support/postgres';

const RELAY = {
  batchSize: 50,
  pollIntervalMs: 10,
  maxBackoffMs: 50,
  retentionMs: 60_000,
  pruneIntervalMs: 60_000,
};

/** Records every send; fails a share of them and adds latency so relays interleave. */
class RecordingPublisher implements OutboxPublisher {
  readonly transport = 'rabbitmq' as const;
  readonly sends: OutboxRecord[] = [];
  constructor(private readonly failRate: number) {}
  async send(record: OutboxRecord): Promise<void> {
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    if (Math.random() < this.failRate) throw new Error('broker says no');
    this.sends.push(record);
  }
}

async function fillOutbox(ds: DataSource, keys: number, perKey: number): Promise<void> {
  const outbox = new OutboxService();
  for (let i = 0; i < perKey; i++) {
    await ds.transaction(async (m) => {
      for (let k = 0; k < keys; k++) {
        await outbox.publish(m, {
          transport: 'rabbitmq',
          destination: 'shop',
          key: `k${k}`,
          payload: { k, i },
        });
      }
    });
  }
}

describe('Messaging > Outbox > relay', () => {
  let pg: TestSchema;

  beforeAll(async () => {
    pg = await createSchema('outbox', [OutboxMessage, InboxMessage]);
  });

  afterAll(async () => {
    await pg.drop();
  });

  beforeEach(async () => {
    await pg.dataSource.query(`DELETE FROM "${pg.schema}".outbox`);
  });

  it('should insert inside the caller transaction and roll back with it', async () => {
    const outbox = new OutboxService();
    const id = await pg.dataSource.transaction((m) =>
      outbox.publish(m, {
        transport: 'rabbitmq',
        destination: 'shop',
        key: 'a',
        payload: { ok: 1 },
      }),
    );
    await pg.dataSource
      .transaction(async (m) => {
        await outbox.publish(m, { transport: 'rabbitmq', destination: 'shop', payload: { ok: 2 } });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const rows = await pg.dataSource.getRepository(OutboxMessage).find();
    expect(rows).toHaveLength(1);
    expect(rows[0].headers['x-message-id']).toBe(id);
    expect(rows[0].sentAt).toBeNull();
  });

  it('should never double-publish and keep per-key order with 2 relays and failing sends', async () => {
    await fillOutbox(pg.dataSource, 20, 25);
    const publisher = new RecordingPublisher(0.1);
    const second = await pg.connect();
    const relays = [
      new OutboxRelay(pg.dataSource, [publisher], RELAY),
      new OutboxRelay(second, [publisher], RELAY),
    ];
    relays.forEach((r) => r.start());
    const until = Date.now() + 30_000;
    while (publisher.sends.length < 500 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    await Promise.all(relays.map((r) => r.stop()));

    expect(publisher.sends).toHaveLength(500);
    expect(new Set(publisher.sends.map((s) => s.id)).size).toBe(500);
    const perKey = new Map<string, number[]>();
    for (const s of publisher.sends) {
      const { i } = s.payload as { i: number };
      perKey.set(s.key!, [...(perKey.get(s.key!) ?? []), i]);
    }
    for (const sequence of perKey.values())
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    const [{ unsent }] = await pg.dataSource.query(
      `SELECT count(*)::int AS unsent FROM "${pg.schema}".outbox WHERE sent_at IS NULL`,
    );
    expect(unsent).toBe(0);
  });

  it('should not let a key overtake its failed head row and record the error', async () => {
    await fillOutbox(pg.dataSource, 1, 3);
    const failing: OutboxPublisher = {
      transport: 'rabbitmq',
      send: () => Promise.reject(new Error('down')),
    };
    const result = await new OutboxRelay(pg.dataSource, [failing], RELAY).runOnce();
    expect(result).toEqual({ claimed: 3, sent: 0, failed: 1, deferred: 2 });
    const rows = await pg.dataSource
      .getRepository(OutboxMessage)
      .find({ order: { createdAt: 'ASC' } });
    expect(rows.map((r) => [r.attempts, r.lastError])).toEqual([
      [1, 'down'],
      [0, null],
      [0, null],
    ]);
  });

  it('should back off while the broker keeps failing instead of polling at full rate', async () => {
    await fillOutbox(pg.dataSource, 1, 1);
    let attempts = 0;
    const down: OutboxPublisher = {
      transport: 'rabbitmq',
      send: () => {
        attempts++;
        return Promise.reject(new Error('ECONNREFUSED'));
      },
    };
    // Without backoff a 10 ms poll would try ~100 times in a second; the cap here is 400 ms.
    const relay = new OutboxRelay(pg.dataSource, [down], { ...RELAY, maxBackoffMs: 400 });
    relay.start();
    await new Promise((r) => setTimeout(r, 1_000));
    await relay.stop();
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThan(30);
  });

  it('should prune sent rows older than the retention', async () => {
    await fillOutbox(pg.dataSource, 2, 2);
    const publisher = new RecordingPublisher(0);
    const relay = new OutboxRelay(pg.dataSource, [publisher], {
      ...RELAY,
      retentionMs: 0,
      pruneIntervalMs: 0,
    });
    relay.start();
    const until = Date.now() + 10_000;
    let left = 4;
    while (left > 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      [{ left }] = await pg.dataSource.query(
        `SELECT count(*)::int AS left FROM "${pg.schema}".outbox`,
      );
    }
    await relay.stop();
    expect(publisher.sends).toHaveLength(4);
    expect(left).toBe(0);
  });
});
