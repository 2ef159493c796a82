import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { OutboxPublishers } from '../outbox/outbox-publishers';
import { KAFKA_RESOLVED_OPTIONS } from './kafka-messaging.module-definition';
import type { ResolvedKafkaOptions } from './kafka-options';
import { KafkaDlqService } from './kafka-dlq.service';
import { KafkaOutboxPublisher } from './kafka-outbox.publisher';
import { KafkaLagMonitor } from './lag-monitor';

/**
 * Registers the Kafka outbox publisher with the core relay (at module init, before the relay
 * starts at bootstrap), starts the lag monitor, and closes both on shutdown. The publisher
 * connects on its first send, so registering it costs nothing when the relay is off.
 */
@Injectable()
export class KafkaMessagingLifecycle
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private registered = false;
  private started = false;

  constructor(
    @Inject(KAFKA_RESOLVED_OPTIONS) private readonly options: ResolvedKafkaOptions,
    private readonly publisher: KafkaOutboxPublisher,
    private readonly lag: KafkaLagMonitor,
    private readonly dlq: KafkaDlqService,
    // Absent when the app runs the transport without the core module (no outbox).
    @Optional() private readonly outboxPublishers?: OutboxPublishers,
  ) {}

  onModuleInit(): void {
    // Nest runs init hooks again when a microservice on the same container starts listening.
    if (this.registered) return;
    this.registered = true;
    this.outboxPublishers?.register(this.publisher);
  }

  onApplicationBootstrap(): void {
    if (this.started) return;
    this.started = true;
    if (this.options.lag.enabled) this.lag.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.lag.stop();
    await this.publisher.close();
    await this.dlq.close();
  }
}
