import { Kafka, Partitioners, type ProducerConfig } from 'kafkajs';
import type { ResolvedKafkaOptions } from './kafka-options';
import { kafkaLogCreator } from './kafka-log';

/**
 * A kafkajs client for the side tools (outbox producer, admin for lag/health/DLQ), separate from
 * the server's so their connections and retries never interfere with the consumer group.
 */
export function createKafkaClient(options: ResolvedKafkaOptions, role: string): Kafka {
  return new Kafka({
    brokers: options.brokers,
    clientId: `${options.clientId}-${role}`,
    logLevel: options.logLevel,
    logCreator: kafkaLogCreator(`Kafka:${role}`),
    retry: { retries: options.clientRetries, initialRetryTime: 100, maxRetryTime: 2000 },
  });
}

/**
 * Every Bulwark producer (outbox relay, retry/DLQ copies, DLQ replay): idempotent with one request
 * in flight, so broker-side retries neither duplicate nor reorder a key's messages. The
 * partitioner is kafkajs's default (murmur2, as the Java client), named explicitly: left unset,
 * kafkajs logs a migration warning at every start.
 */
export const SAFE_PRODUCER_CONFIG: Readonly<ProducerConfig> = {
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
};
