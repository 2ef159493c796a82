import { Logger } from '@nestjs/common';
import type { Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import type { OutboxPublisher, OutboxRecord } from '../outbox/outbox-publisher.interface';
import { createKafkaClient, SAFE_PRODUCER_CONFIG } from './kafka-client';
import type { ResolvedKafkaOptions } from './kafka-options';

/** Rows per produce request. */
const MAX_BATCH = 500;

interface Pending {
  readonly record: OutboxRecord;
  resolve(): void;
  reject(error: unknown): void;
}

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
  private pending: Pending[] = [];
  private flushing = false;

  constructor(private readonly kafka: Kafka) {}

  /** A publisher on its own kafkajs client built from the module options. */
  static fromOptions(options: ResolvedKafkaOptions): KafkaOutboxPublisher {
    return new KafkaOutboxPublisher(createKafkaClient(options, 'outbox'));
  }

  /**
   * Queues the row and resolves once the batch holding it is acknowledged by all in-sync replicas.
   * Calls made while a request is in flight share the next request: the relay sends many keys at
   * once, and one `sendBatch` per round trip is what keeps it fast with one request in flight.
   */
  send(record: OutboxRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      if (this.flushing) return;
      this.flushing = true;
      setImmediate(() => void this.flush());
    });
  }

  /** Disconnects the producer; a later `send` connects again. */
  async close(): Promise<void> {
    await this.reset();
  }

  private connect(): Promise<Producer> {
    this.connecting ??= (async () => {
      const producer = this.kafka.producer(SAFE_PRODUCER_CONFIG);
      await producer.connect();
      this.producer = producer;
      return producer;
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        const producer = await this.connect();
        await producer.sendBatch({ acks: -1, topicMessages: toTopicMessages(batch) });
        for (const p of batch) p.resolve();
      } catch (error) {
        // A broker that lost our producer state answers with sequence errors forever; a fresh
        // producer (new producer id) is the way out. Duplicates are deduped by the inbox.
        this.logger.warn(`Outbox send failed, resetting producer: ${String(error)}`);
        await this.reset();
        for (const p of batch) p.reject(error);
      }
    }
    this.flushing = false;
  }

  private async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}

function toTopicMessages(batch: readonly Pending[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { record } of batch) {
    const messages = byTopic.get(record.destination) ?? [];
    messages.push({
      key: record.key,
      value: JSON.stringify(record.payload),
      headers: { ...record.headers },
    });
    byTopic.set(record.destination, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
