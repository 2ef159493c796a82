import type { Kafka } from 'kafkajs';

/** The topic the shop's outbox feeds and its consumer reads. */
export const ORDERS_CREATED = 'orders.created';
const BATCH = 500;

export interface RawEvent {
  key: string | null;
  value: Buffer | string | null;
  headers?: Record<string, string | Buffer>;
}

/** `orders.created` events for existing orders, shaped as the outbox writes them. */
export function orderCreatedEvents(
  ids: readonly number[],
  productId: number,
  tag: string,
): RawEvent[] {
  return ids.map((orderId) => ({
    key: String(orderId),
    value: JSON.stringify({ orderId, productId, quantity: 1 }),
    headers: { 'x-message-id': `${tag}-${orderId}` },
  }));
}

/** Publishes in batches with `acks: -1`, in order. */
export async function publish(
  kafka: Kafka,
  topic: string,
  events: readonly RawEvent[],
): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += BATCH) {
      await producer.send({ topic, acks: -1, messages: events.slice(i, i + BATCH) });
    }
  } finally {
    await producer.disconnect();
  }
}
