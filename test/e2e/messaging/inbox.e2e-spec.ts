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
