import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '../outbox/outbox-relay';
import { KAFKA_RESOLVED_OPTIONS } from './kafka-messaging.module-definition';
import type { ResolvedKafkaOptions } from './kafka-options';
import { KafkaDlqService } from './kafka-dlq.service';
import { KafkaOutboxPublisher } from './kafka-outbox.publisher';
import { KafkaLagMonitor } from './lag-monitor';

/**
 * Starts the Kafka outbox relay (when `outbox.relay`) and the lag monitor, stops both on shutdown.
 * The relay is the core `OutboxRelay` with only the Kafka publisher: it claims `transport = 'kafka'`
 * rows only, so it runs beside `MessagingModule`'s RabbitMQ relay without sharing a row.
 */
@Injectable()
export class KafkaMessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;

  constructor(
    @Inject(KAFKA_RESOLVED_OPTIONS) private readonly options: ResolvedKafkaOptions,
    private readonly moduleRef: ModuleRef,
    private readonly publisher: KafkaOutboxPublisher,
    private readonly lag: KafkaLagMonitor,
    private readonly dlq: KafkaDlqService,
  ) {}

  onApplicationBootstrap(): void {
    // Nest 12 runs bootstrap hooks twice for a microservice started with init() then listen();
    // a second relay would be orphaned (never stopped) and keep the process alive.
    if (this.relay) return;
    if (this.options.outbox.relay) {
      const dataSource = this.moduleRef.get(DataSource, { strict: false });
      this.relay = new OutboxRelay(dataSource, [this.publisher], this.options.outbox);
      this.relay.start();
    }
    if (this.options.lag.enabled) this.lag.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.lag.stop();
    await this.publisher.close();
    await this.dlq.close();
  }
}
