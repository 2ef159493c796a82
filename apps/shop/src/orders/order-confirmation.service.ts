import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InboxService, OutboxService } from '@bulwark/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { ShopEnv } from '../config/env';
import { GroupCommit } from './group-commit';
import {
  NOTIFICATIONS,
  ORDER_CONFIRMED_ROUTING_KEY,
  OrderConfirmedNotification,
} from './order-events';

/** Inbox consumer name of the confirmation (unchanged: old inbox rows still deduplicate). */
const CONSUMER = 'orders.confirm';
/** What confirming one `orders.created` message did. */
export type ConfirmOutcome = 'confirmed' | 'not-pending' | 'duplicate';

interface ConfirmRequest {
  readonly messageId: string;
  readonly orderId: number;
}

/*
 * PENDING → CONFIRMED and its fulfilment row in one statement for a whole batch. Raw SQL: the
 * query builder's UPDATE plus `insert` was two ORM calls and two round trips per order, and the
 * consumer confirms as many orders a second as the sale takes.
 */
const CONFIRM_SQL = `
WITH upd AS (
  UPDATE orders SET status = 'CONFIRMED' WHERE id = ANY($1::int[]) AND status = 'PENDING' RETURNING id
)
INSERT INTO fulfilment (order_id) SELECT id FROM upd RETURNING order_id`;

/**
 * The effect of an `orders.created` event: PENDING → CONFIRMED, one fulfilment row, and (with
 * RabbitMQ configured) the notification work item through the outbox, in one transaction with the
 * message's inbox row. Stock is not touched: it was reserved by `POST /orders`.
 *
 * The consumer handles up to 16 keys per partition and 8 partitions at once; their confirmations
 * are group-committed (one transaction for all that arrive together) instead of one transaction
 * per message, which was the largest CPU cost per order once placing orders was batched too.
 */
@Injectable()
export class OrderConfirmationService {
  private readonly notify: boolean;
  private readonly batches = new GroupCommit<ConfirmRequest, ConfirmOutcome>(
    (batch) => this.confirmBatch(batch),
    { maxBatch: 500, maxInFlight: 2 },
  );

  constructor(
    private readonly outbox: OutboxService,
    private readonly inbox: InboxService,
    private readonly dataSource: DataSource,
    config: ConfigService<ShopEnv, true>,
  ) {
    // Without RabbitMQ no relay would ever send these rows, so none are written.
    this.notify = Boolean(config.get('RABBITMQ_URL', { infer: true }));
  }

  /** Applies message `messageId` (confirm `orderId`) at most once; resolves after the commit. */
  confirmOnce(messageId: string, orderId: number): Promise<ConfirmOutcome> {
    return this.batches.submit({ messageId, orderId });
  }

  private async confirmBatch(batch: readonly ConfirmRequest[]): Promise<ConfirmOutcome[]> {
    const { fresh, result } = await this.inbox.processBatchOnce(
      this.dataSource,
      CONSUMER,
      batch.map((r) => r.messageId),
      (m, positions) =>
        this.confirm(
          m,
          positions.map((i) => batch[i].orderId),
        ),
    );
    const isFresh = new Set(fresh);
    const confirmed = new Set(result);
    return batch.map((r, i) =>
      !isFresh.has(i) ? 'duplicate' : confirmed.has(r.orderId) ? 'confirmed' : 'not-pending',
    );
  }

  /** Returns the orders that were PENDING and are now CONFIRMED. */
  private async confirm(m: EntityManager, orderIds: readonly number[]): Promise<number[]> {
    const rows: Array<{ order_id: number }> = await m.query(CONFIRM_SQL, [orderIds]);
    const confirmed = rows.map((r) => r.order_id);
    if (this.notify) {
      for (const orderId of confirmed) {
        const payload: OrderConfirmedNotification = { orderId };
        await this.outbox.publish(m, {
          transport: 'rabbitmq',
          destination: NOTIFICATIONS,
          key: ORDER_CONFIRMED_ROUTING_KEY,
          payload,
        });
      }
    }
    return confirmed;
  }
}
