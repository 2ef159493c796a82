import { Logger } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { gauge } from '@bulwark/common';
import type { Gauge, Registry } from 'prom-client';
import { KAFKA_LAG_METRIC } from './kafka.constants';

/** Lag of one partition for one group. */
export interface PartitionLag {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** High watermark minus the committed offset (minus the log start when nothing is committed). */
  readonly lag: number;
}

/** What to watch: the groups and topics, read at every poll (topics appear after `listen`). */
export type LagTargets = () => ReadonlyArray<{
  readonly groupId: string;
  readonly topics: readonly string[];
}>;

/** Settings of {@link KafkaLagMonitor}. */
export interface LagMonitorSettings {
  readonly intervalMs: number;
  readonly threshold: number;
  readonly registry: Registry;
}

/**
 * Computes consumer lag every `intervalMs` from admin `fetchOffsets` (committed) and
 * `fetchTopicOffsets` (high watermarks), exports `bulwark_kafka_consumer_lag_messages{group,topic,partition}`
 * and logs a warning for partitions over the threshold. It reads committed offsets, so it measures
 * what a restart would replay, which is what an operator acts on.
 * @publicApi
 */
export class KafkaLagMonitor {
  private readonly logger = new Logger(KafkaLagMonitor.name);
  private readonly gauge: Gauge<'group' | 'topic' | 'partition'>;
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private last: PartitionLag[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly targets: LagTargets,
    private readonly settings: LagMonitorSettings,
  ) {
    this.gauge = gauge(settings.registry, {
      name: KAFKA_LAG_METRIC,
      help: 'Messages not yet committed by a consumer group, per partition',
      labelNames: ['group', 'topic', 'partition'],
    });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.settings.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** Lags from the last successful poll. */
  lastLags(): readonly PartitionLag[] {
    return this.last;
  }

  /** Largest lag of the last poll (0 before the first). */
  maxLag(): number {
    return this.last.reduce((max, l) => Math.max(max, l.lag), 0);
  }

  /** Polls once: updates the gauge and `lastLags()`, returns the lags. */
  async collect(): Promise<PartitionLag[]> {
    const admin = await this.connect();
    const lags: PartitionLag[] = [];
    for (const { groupId, topics } of this.targets()) {
      if (topics.length === 0) continue;
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      for (const { topic, partitions } of committed) {
        const marks = await admin.fetchTopicOffsets(topic);
        for (const mark of marks) {
          const done = Number(partitions.find((p) => p.partition === mark.partition)?.offset ?? -1);
          const lag = Math.max(0, Number(mark.high) - (done < 0 ? Number(mark.low) : done));
          lags.push({ group: groupId, topic, partition: mark.partition, lag });
        }
      }
    }
    // Gauge and `maxLag()` (readiness) change together, in one synchronous step: set while polling,
    // the gauge could show a new lag that readiness does not know yet.
    this.last = lags;
    for (const l of lags) {
      this.gauge.set({ group: l.group, topic: l.topic, partition: String(l.partition) }, l.lag);
    }
    return lags;
  }

  private async poll(): Promise<void> {
    try {
      const lags = await this.collect();
      for (const l of lags.filter((x) => x.lag > this.settings.threshold)) {
        this.logger.warn(
          `Consumer lag ${l.lag} over ${this.settings.threshold}: ${l.group} ${l.topic}[${l.partition}]`,
        );
      }
    } catch (error) {
      this.logger.debug(`Lag poll failed: ${String(error)}`);
    }
  }

  private async connect(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }
}
