import type { logLevel, PartitionAssigner } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { Duration } from '@bulwark/common';
import type { RetryPolicyOptions } from '../retry/retry-policy';
import type { BackpressureSignal } from './backpressure';

/** Consumer-lag monitoring. */
export interface KafkaLagOptions {
  /** Poll the lag at all. @default true */
  readonly enabled?: boolean;
  /** How often lag is computed. @default '5s' */
  readonly interval?: Duration;
  /** Lag of one partition above which a warning is logged and health reports `down`. @default 10000 */
  readonly threshold?: number;
}

/**
 * Options of `KafkaMessagingModule.forRoot()` and of {@link KafkaServer}.
 * @publicApi
 */
export interface KafkaMessagingOptions {
  /** Bootstrap brokers, e.g. `['127.0.0.1:9092']`. */
  readonly brokers: readonly string[];
  /** @default 'bulwark' */
  readonly clientId?: string;
  /** Consumer group of the `@EventPattern` handlers (used as is, no Nest `-server` suffix). @default 'bulwark' */
  readonly groupId?: string;
  /** A member silent this long is removed from the group. @default '30s' */
  readonly sessionTimeout?: Duration;
  /** @default '3s' */
  readonly heartbeatInterval?: Duration;
  /** How long the coordinator waits for members to rejoin. @default '60s' */
  readonly rebalanceTimeout?: Duration;
  /**
   * Longest a fetch waits on the broker for data. Also bounds how late a resumed (retry or
   * backpressure) partition is fetched again and how long shutdown waits. @default '500ms'
   */
  readonly maxWaitTime?: Duration;
  /** Start a new group at the beginning of each topic (else at its end). @default true */
  readonly fromBeginning?: boolean;
  /** Partitions handled at the same time by one process. @default 8 */
  readonly partitionsConsumedConcurrently?: number;
  /** Distinct keys handled at the same time inside one partition (order per key is kept). @default 16 */
  readonly keyConcurrency?: number;
  /** Messages handled between two offset commits of a partition. @default 200 */
  readonly commitEvery?: number;
  /** Policy of handlers without `@RetryPolicy`. @default { attempts: 4, backoff: ['1s','10s','60s'], dlq: true } */
  readonly retry?: RetryPolicyOptions;
  /** Group assignment strategies, preferred first. @default [sticky assigner] */
  readonly partitionAssigners?: readonly PartitionAssigner[];
  /** Pauses main topics while it reports saturation (downstream full, breaker open). @default none */
  readonly backpressure?: BackpressureSignal;
  /** How often `backpressure` is polled. @default '250ms' */
  readonly backpressurePollInterval?: Duration;
  /** @default { enabled: true, interval: '5s', threshold: 10000 } */
  readonly lag?: KafkaLagOptions;
  /**
   * Registry of `bulwark_kafka_consumer_lag_messages`. @default prom-client's global `register`
   * (no metrics when prom-client is not installed)
   */
  readonly registry?: Registry;
  /** kafkajs log level. @default logLevel.WARN */
  readonly logLevel?: logLevel;
  /** kafkajs connection retries before a call fails (the outbox relay then backs off). @default 5 */
  readonly clientRetries?: number;
}
