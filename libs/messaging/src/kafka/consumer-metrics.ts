import { counter, histogram } from '@bulwark/common';
import type { Counter, Histogram, Registry } from 'prom-client';

/**
 * End-to-end buckets, in seconds: from tens of milliseconds (the relay's poll and one hop) to the
 * 5 minutes the latency alert fires at and the 10 beyond it, so the alert's quantile is read from
 * real bucket bounds rather than interpolated inside a wide one.
 */
const END_TO_END_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** What the consumer pipeline counts, per main topic (retry copies count under their origin). */
export class KafkaConsumerMetrics {
  private readonly consumed: Counter<'topic' | 'outcome'>;
  private readonly deadLetters: Counter<'topic'>;
  private readonly endToEnd: Histogram<'topic'>;

  constructor(registry: Registry) {
    this.consumed = counter(registry, {
      name: 'bulwark_kafka_consumed_total',
      help: 'Messages the consumer finished with, by main topic (outcome=handled|failed: failed ones were copied to a retry topic or the DLQ)',
      labelNames: ['topic', 'outcome'],
    });
    this.deadLetters = counter(registry, {
      name: 'bulwark_kafka_dead_lettered_total',
      help: 'Messages copied to <topic>.dlq, by main topic',
      labelNames: ['topic'],
    });
    this.endToEnd = histogram(registry, {
      name: 'bulwark_kafka_end_to_end_seconds',
      help: "From the outbox row's insert (database clock) to its handler's success (consumer clock), by main topic, retries included",
      labelNames: ['topic'],
      buckets: END_TO_END_BUCKETS,
    });
  }

  /** A handler succeeded; `createdAtMs` is the outbox insert time when the message carries one. */
  handled(topic: string, createdAtMs: number | undefined, now = Date.now()): void {
    this.consumed.inc({ topic, outcome: 'handled' });
    // Clocks of two machines: a negative difference is skew, not a latency.
    if (createdAtMs !== undefined)
      this.endToEnd.observe({ topic }, Math.max(0, now - createdAtMs) / 1000);
  }

  failed(topic: string): void {
    this.consumed.inc({ topic, outcome: 'failed' });
  }

  deadLettered(topic: string): void {
    this.deadLetters.inc({ topic });
  }
}
