import { Logger } from '@nestjs/common';
import type { Kafka, Producer } from 'kafkajs';
import type { OutboxPublisher, OutboxRecord } from '../outbox/outbox-publisher.interface';
import { createKafkaClient } from './kafka-client';
import type { ResolvedKafkaOptions } from './kafka-options';

/**
 * Sends outbox rows with `transport: 'kafka'`: `destination` is the topic, `key` the message key
 * (same key → same partition → order kept, since the relay sends a key's rows one after another),
 * the row's headers (with `x-message-id` = row id) become Kafka headers. The producer is idempotent
 * with `acks: -1` and one request in flight, so kafkajs's own retries neither duplicate nor
 * reorder. `send` rejects while the broker is unreachable; the relay keeps the row and backs off.
 * @publicApi
 */
export class KafkaOutboxPublisher implements OutboxPublisher {
  readonly transport = 'kafka' as const;
  private readonly logger = new Logger(KafkaOutboxPublisher.name);
  private producer?: Producer;
  private connecting?: Promise<Producer>;

  constructor(private readonly kafka: Kafka) {}

  /** A publisher on its own kafkajs client built from the module options. */
  static fromOptions(options: ResolvedKafkaOptions): KafkaOutboxPublisher {
    return new KafkaOutboxPublisher(createKafkaClient(options, 'outbox'));
  }

  async send(record: OutboxRecord): Promise<void> {
    const producer = await this.connect();
    try {
      await producer.send({
        topic: record.destination,
        acks: -1,
        messages: [
          {
            key: record.key,
            value: JSON.stringify(record.payload),
            headers: { ...record.headers },
          },
        ],
      });
    } catch (error) {
      // A broker that lost our producer state answers with sequence errors forever; a fresh
      // producer (new producer id) is the documented way out. Duplicates are deduped downstream.
      this.logger.warn(
        `Send to ${record.destination} failed, resetting producer: ${String(error)}`,
      );
      await this.reset();
      throw error;
    }
  }

  /** Disconnects the producer; a later `send` connects again. */
  async close(): Promise<void> {
    await this.reset();
  }

  private connect(): Promise<Producer> {
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      this.producer = producer;
      return producer;
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}
