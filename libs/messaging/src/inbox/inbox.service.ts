import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { InboxMessage } from './inbox.entity';

/** Outcome of {@link InboxService.processOnce}. */
export type ProcessOnceResult<T> =
  { readonly duplicate: false; readonly result: T } | { readonly duplicate: true };

/**
 * Makes a handler's database effect idempotent under at-least-once delivery.
 * @publicApi
 */
@Injectable()
export class InboxService {
  /**
   * Inserts `(consumer, messageId)` and runs `effect` in the same transaction. If the pair exists,
   * returns `{ duplicate: true }` without running `effect`. A concurrent duplicate blocks on the
   * first one's uncommitted key and then sees the conflict, so two effects are impossible; if the
   * effect throws, the inbox row rolls back with it and a redelivery can try again.
   * @example
   * ```ts
   * await inbox.processOnce(dataSource, 'notifications', ctx.getMessageId(), (m) =>
   *   m.insert(Notification, { orderId: body.orderId }));
   * ```
   */
  processOnce<T>(
    dataSource: DataSource,
    consumer: string,
    messageId: string,
    effect: (manager: EntityManager) => Promise<T>,
  ): Promise<ProcessOnceResult<T>> {
    const table = dataSource.getMetadata(InboxMessage).tablePath;
    return dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO ${table} (consumer, message_id) VALUES ($1, $2)
           ON CONFLICT DO NOTHING RETURNING message_id`,
        [consumer, messageId],
      );
      if (inserted.length === 0) return { duplicate: true } as const;
      return { duplicate: false, result: await effect(manager) } as const;
    });
  }
}
