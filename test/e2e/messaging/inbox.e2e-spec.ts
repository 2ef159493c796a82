import { InboxMessage, InboxService, OutboxMessage } from '@bulwark/messaging';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { createSchema, type TestSchema } from './support/postgres';

@Entity({ name: 'effect' })
class Effect {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  messageId: string;
}

describe('Messaging > Inbox > processOnce', () => {
  let pg: TestSchema;
  const inbox = new InboxService();

  beforeAll(async () => {
    pg = await createSchema('inbox', [OutboxMessage, InboxMessage, Effect]);
  });

  afterAll(async () => {
    await pg.drop();
  });

  it('should apply the effect once for 20 concurrent deliveries of one message', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        inbox.processOnce(pg.dataSource, 'notifications', 'm-1', (m) =>
          m.insert(Effect, { messageId: 'm-1' }),
        ),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await pg.dataSource.getRepository(Effect).countBy({ messageId: 'm-1' })).toBe(1);
  });

  it('should let another consumer process the same message id', async () => {
    const result = await inbox.processOnce(pg.dataSource, 'audit', 'm-1', async () => 'ok');
    expect(result).toEqual({ duplicate: false, result: 'ok' });
  });

  it('should roll the inbox row back when the effect throws, so a redelivery can retry', async () => {
    await expect(
      inbox.processOnce(pg.dataSource, 'notifications', 'm-2', async () => {
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    const retry = await inbox.processOnce(pg.dataSource, 'notifications', 'm-2', (m) =>
      m.insert(Effect, { messageId: 'm-2' }),
    );
    expect(retry.duplicate).toBe(false);
  });
});

describe('Messaging > Inbox > processBatchOnce', () => {
  let pg: TestSchema;
  const inbox = new InboxService();

  beforeAll(async () => {
    pg = await createSchema('inbox_batch', [OutboxMessage, InboxMessage, Effect]);
  });

  afterAll(async () => {
    await pg.drop();
  });

  const applyAll = (ids: string[]) =>
    inbox.processBatchOnce(pg.dataSource, 'work', ids, async (m, fresh) => {
      for (const i of fresh) await m.insert(Effect, { messageId: ids[i] });
      return fresh.length;
    });

  it('should apply each new message once, skip seen ones and count a repeat in the batch once', async () => {
    expect(await applyAll(['b-1', 'b-2'])).toEqual({ fresh: [0, 1], result: 2 });
    expect(await applyAll(['b-2', 'b-3', 'b-3', 'b-4'])).toEqual({ fresh: [1, 3], result: 2 });
    expect(await applyAll(['b-1', 'b-4'])).toEqual({ fresh: [], result: undefined });
    expect(await pg.dataSource.getRepository(Effect).countBy({})).toBe(4);
  });

  it('should apply the effect once for concurrent batches holding the same messages', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `c-${i}`);
    const results = await Promise.all(Array.from({ length: 5 }, () => applyAll(ids)));
    expect(results.reduce((n, r) => n + r.fresh.length, 0)).toBe(50);
    expect(await pg.dataSource.getRepository(Effect).count()).toBe(54);
  });

  it('should roll every inbox row back when the effect throws', async () => {
    await expect(
      inbox.processBatchOnce(pg.dataSource, 'work', ['r-1', 'r-2'], async () => {
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    expect((await applyAll(['r-1', 'r-2'])).fresh).toEqual([0, 1]);
  });
});
