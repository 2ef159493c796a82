import type { OutboxTransport } from './outbox.entity';

/** One outbox row as the relay hands it to a transport. */
export interface OutboxRecord {
  readonly id: string;
  readonly destination: string;
  readonly key: string | null;
  readonly payload: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Sends outbox rows over one transport. `send` resolves only once the broker has taken
 * responsibility (RabbitMQ confirm, Kafka acks=all) and rejects otherwise; the relay then keeps
 * the row for a later attempt.
 */
export interface OutboxPublisher {
  readonly transport: OutboxTransport;
  send(record: OutboxRecord): Promise<void>;
}
