import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import {
  startEmbeddedKafka,
  type EmbeddedKafka,
  type EmbeddedKafkaOptions,
} from '@bulwark/kafka-broker';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const noop = (): void => undefined;
const silent = { debug: noop, info: noop, warn: noop, error: noop };

/** Short group timings so joins and rebalances take well under a second. */
export const FAST_GROUP = {
  sessionTimeout: 6000,
  heartbeatInterval: 500,
  rebalanceTimeout: 3000,
} as const;

/** An embedded broker on a free port (or the given one), silent. */
export function startBroker(options: EmbeddedKafkaOptions = {}): Promise<EmbeddedKafka> {
  return startEmbeddedKafka({ port: 0, initialRebalanceDelayMs: 50, logger: silent, ...options });
}

/** A quiet kafkajs client for test-side producers, consumers and admin. */
export function kafkaFor(brokers: readonly string[]): Kafka {
  return new Kafka({
    clientId: `t-${randomUUID().slice(0, 8)}`,
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
