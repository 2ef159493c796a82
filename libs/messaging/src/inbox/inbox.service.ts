import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { InboxMessage } from './inbox.entity';

/** Outcome of {@link InboxService.processOnce}. */
export type ProcessOnceResult<T> =
  { readonly duplicate: false; readonly result: T } | { readonly duplicate: true };

/** Outcome of {@link InboxService.processBatchOnce}. */
export interface ProcessBatchOnceResult<T> {
  /** Positions (into the `messageIds` passed) that were new and had their effect applied. */
  readonly fresh: readonly number[];
  /** What `effect` returned; undefined when every message was a duplicate (it did not run). */
  readonly result: T | undefined;
}

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

  /**
   * {@link processOnce} for many messages in ONE transaction: one multi-row inbox INSERT, then
   * `effect` with the positions of the messages not seen before (a message id repeated in the
   * batch counts once, at its first position). For handlers that group concurrent messages (see
   * the shop's order confirmation): per-message transactions cost four round trips each, which at
   * thousands of messages a second is most of the consumer's CPU. The same guarantees hold: the
   * inbox rows commit with the effect or not at all.
   * @example
   * ```ts
   * const { fresh } = await inbox.processBatchOnce(dataSource, 'orders.confirm', ids, (m, fresh) =>
   *   m.query('UPDATE orders SET status = $2 WHERE id = ANY($1)', [fresh.map((i) => orderIds[i]), 'CONFIRMED']));
   * ```
   */
  processBatchOnce<T>(
    dataSource: DataSource,
    consumer: string,
    messageIds: readonly string[],
    effect: (manager: EntityManager, fresh: readonly number[]) => Promise<T>,
  ): Promise<ProcessBatchOnceResult<T>> {
    const table = dataSource.getMetadata(InboxMessage).tablePath;
    return dataSource.transaction(async (manager) => {
      // Sorted, so two batches sharing redelivered ids take their key locks in the same order
      // and wait for each other instead of deadlocking.
      const inserted: Array<{ message_id: string }> = await manager.query(
        `INSERT INTO ${table} (consumer, message_id)
           SELECT $1, m FROM unnest($2::text[]) AS m ORDER BY m
           ON CONFLICT DO NOTHING RETURNING message_id`,
        [consumer, messageIds],
      );
      const unseen = new Set(inserted.map((r) => r.message_id));
      const fresh: number[] = [];
      messageIds.forEach((id, i) => {
        if (unseen.delete(id)) fresh.push(i);
      });
      if (fresh.length === 0) return { fresh, result: undefined };
      return { fresh, result: await effect(manager, fresh) };
    });
  }
}
