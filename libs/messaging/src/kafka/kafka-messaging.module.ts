import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaDlqService } from './kafka-dlq.service';
import { KafkaMessagingLifecycle } from './kafka-messaging.lifecycle';
import { KafkaMessagingModuleClass } from './kafka-messaging.module-definition';
import { kafkaMessagingProviders } from './kafka-messaging.providers';
import { KafkaOutboxPublisher } from './kafka-outbox.publisher';
import { KafkaServer } from './kafka-server';
import { KafkaHealthIndicator } from './kafka.health';
import { KafkaLagMonitor } from './lag-monitor';

/**
 * Kafka transport of Bulwark messaging: the {@link KafkaServer} strategy for `@EventPattern`
 * handlers, the outbox relay for `transport: 'kafka'` rows, lag metrics, health and the DLQ admin
 * service. A separate module (not a `kafka` section of `MessagingModule`) so the core module stays
 * transport-neutral and an app without Kafka never loads kafkajs. Import it next to
 * `MessagingModule`, which provides `OutboxService` and `InboxService`.
 * @example
 * ```ts
 * KafkaMessagingModule.forRoot({ brokers: ['127.0.0.1:9092'], groupId: 'shop', outbox: { relay: true } })
 * // main.ts: app.connectMicroservice({ strategy: app.get(KafkaServer) }); await app.startAllMicroservices();
 * ```
 * @publicApi
 */
@Module({
  imports: [TerminusModule],
  providers: [...kafkaMessagingProviders, KafkaHealthIndicator, KafkaMessagingLifecycle],
  exports: [
    KafkaServer,
    KafkaOutboxPublisher,
    KafkaDlqService,
    KafkaLagMonitor,
    KafkaHealthIndicator,
  ],
})
export class KafkaMessagingModule extends KafkaMessagingModuleClass {}
