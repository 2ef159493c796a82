import { Kafka } from 'kafkajs';
import type { ResolvedKafkaOptions } from './kafka-options';

/**
 * A kafkajs client for the side tools (outbox producer, admin for lag/health/DLQ), separate from
 * the server's so their connections and retries never interfere with the consumer group.
 */
export function createKafkaClient(options: ResolvedKafkaOptions, role: string): Kafka {
  return new Kafka({
    brokers: options.brokers,
    clientId: `${options.clientId}-${role}`,
    logLevel: options.logLevel,
    retry: { retries: options.clientRetries, initialRetryTime: 100, maxRetryTime: 2000 },
  });
}
