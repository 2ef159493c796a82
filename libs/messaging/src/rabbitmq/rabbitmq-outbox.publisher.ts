import type { OutboxPublisher, OutboxRecord } from '../outbox/outbox-publisher.interface';
import type { ConfirmPublisher } from './confirm-publisher';

/**
 * Sends outbox rows with `transport: 'rabbitmq'`: `destination` is the exchange, `key` the routing
 * key, the row id the message id. Resolves on the broker's confirm only.
 */
export class RabbitOutboxPublisher implements OutboxPublisher {
  readonly transport = 'rabbitmq' as const;

  constructor(private readonly publisher: ConfirmPublisher) {}

  send(record: OutboxRecord): Promise<void> {
    return this.publisher.publish(record.destination, record.key ?? '', record.payload, {
      messageId: record.id,
      headers: record.headers,
    });
  }
}
