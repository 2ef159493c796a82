import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { InboxService, OutboxService, RetryPolicy } from '@bulwark/messaging';
import { KafkaMessageContext } from '@bulwark/messaging/kafka';
import { Effect } from './effect.entity';

export const ORDERS_TOPIC = 'orders.created';

/** Body of a test order event. */
export interface OrderEvent {
  readonly key: string;
  readonly seq: number;
}

/** Counts handler calls, to show how many deliveries the inbox absorbed. */
export const calls = { handled: 0, duplicates: 0 };

/** The shop's `orders.created` consumer in miniature: inbox + effect in one transaction. */
@Controller()
export class OrdersConsumer {
  constructor(
    private readonly inbox: InboxService,
    private readonly dataSource: DataSource,
  ) {}

  @EventPattern<string>(ORDERS_TOPIC)
  @RetryPolicy({ attempts: 3, backoff: ['200ms', '400ms'], dlq: true })
  async onOrderCreated(@Payload() body: OrderEvent, @Ctx() ctx: KafkaMessageContext) {
    calls.handled++;
    const id = ctx.getMessageId();
    const result = await this.inbox.processOnce(this.dataSource, 'orders', id, (m) =>
      m.insert(Effect, { messageId: id, orderKey: body.key, seq: body.seq }),
    );
    if (result.duplicate) calls.duplicates++;
  }
}

/** Writes `n` order events through the outbox, each in its own transaction, keys round-robin. */
export async function writeOrders(
  dataSource: DataSource,
  n: number,
  keys: number,
  topic = ORDERS_TOPIC,
  firstSeq = 0,
): Promise<void> {
  const outbox = new OutboxService();
  for (let i = firstSeq; i < firstSeq + n; i++) {
    await dataSource.transaction((m) =>
      outbox.publish(m, {
        transport: 'kafka',
        destination: topic,
        key: `k${i % keys}`,
        payload: { key: `k${i % keys}`, seq: i },
      }),
    );
  }
}

/** Effects per key in commit order: checks nothing was applied out of order. */
export async function effectsInOrder(dataSource: DataSource): Promise<Map<string, number[]>> {
  const rows: Array<{ order_key: string; seq: number }> = await dataSource.query(
    `SELECT order_key, seq FROM effect ORDER BY applied`,
  );
  const byKey = new Map<string, number[]>();
  for (const r of rows) byKey.set(r.order_key, [...(byKey.get(r.order_key) ?? []), r.seq]);
  return byKey;
}
