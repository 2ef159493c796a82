import { PublishError } from '../errors/publish.error';
import type { OutboxPublisher, OutboxRecord } from '../outbox/outbox-publisher.interface';
import type { RabbitMqPublisher } from './rabbitmq-publisher';

/**
 * Sends outbox rows with `transport: 'rabbitmq'`: `destination` is the exchange, `key` the routing
 * key, the row id the message id. Resolves on the broker's confirm only.
 */
export class RabbitMqOutboxPublisher implements OutboxPublisher {
  readonly transport = 'rabbitmq' as const;

  constructor(private readonly publisher: RabbitMqPublisher) {}

  send(record: OutboxRecord): Promise<void> {
    // Fail fast while disconnected: queued publishes would hold the relay's row locks for the
    // whole publish timeout, while a quick failure lets the relay back off and release them.
    if (!this.publisher.isReady) {
      const context = { exchange: record.destination, messageId: record.id };
      return Promise.reject(new PublishError('closed', 'RabbitMQ is not connected', context));
    }
    return this.publisher.publish(record.destination, record.key ?? '', record.payload, {
      messageId: record.id,
      headers: record.headers,
    });
  }
}
