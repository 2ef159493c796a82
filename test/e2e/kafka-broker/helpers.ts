import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import {
  startEmbeddedKafka,
  type EmbeddedKafka,
  type EmbeddedKafkaOptions,
} from '@bulwark/kafka-broker';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** Short group timings so rebalances take well under a second in tests. */
export const FAST_GROUP = {
  sessionTimeout: 6000,
  rebalanceTimeout: 10000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 250,
} as const;

/** A broker on a free port, quiet unless a test passes its own logger. */
export function startBroker(options: EmbeddedKafkaOptions = {}): Promise<EmbeddedKafka> {
  return startEmbeddedKafka({
    port: 0,
    initialRebalanceDelayMs: 50,
    logger: silentLogger,
    ...options,
  });
}

export const silentLogger = { debug: noop, info: noop, warn: noop, error: noop };

function noop(): void {}

/**
 * kafkajs logs every error code in a response at ERROR level, including REBALANCE_IN_PROGRESS
 * on heartbeats, which is how any Kafka broker tells members to rejoin. Those are expected.
 */
const EXPECTED_SIGNALS = /The group is rebalancing/;

/** A kafkajs client for `broker`; unexpected kafkajs errors are collected in `errors`. */
export function kafkaFor(broker: Pick<EmbeddedKafka, 'brokers'>, extra: Partial<KafkaConfig> = {}) {
  const errors: string[] = [];
  const kafka = new Kafka({
    clientId: `test-${randomUUID().slice(0, 8)}`,
    brokers: broker.brokers,
    logLevel: logLevel.ERROR,
    logCreator: () => (entry: LogEntry) => {
      const line = `${entry.namespace}: ${entry.log.message} ${String(entry.log.error ?? '')}`;
      if (entry.level <= logLevel.ERROR && !EXPECTED_SIGNALS.test(line)) errors.push(line);
    },
    retry: { initialRetryTime: 100, retries: 8 },
    ...extra,
  });
  return { kafka, errors };
}

/** A topic or group name no other test (or parallel worker) uses. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
