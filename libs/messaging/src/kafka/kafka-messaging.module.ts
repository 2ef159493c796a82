import { Module } from '@nestjs/common';
import { KafkaDlqService } from './kafka-dlq.service';
import { KafkaMessagingLifecycle } from './kafka-messaging.lifecycle';
import { KafkaMessagingModuleClass } from './kafka-messaging.module-definition';
import { kafkaMessagingProviders } from './kafka-messaging.providers';
import { KafkaOutboxPublisher } from './kafka-outbox.publisher';
import { KafkaServer } from './kafka-server';
import { KafkaConsumerGroupHealthIndicator } from './kafka-consumer-group.health';
import { KafkaHealthIndicator } from './kafka.health';
import { KafkaLagMonitor } from './lag-monitor';

/**
 * Kafka transport of Bulwark messaging: the {@link KafkaServer} strategy for `@EventPattern`
 * handlers, the outbox publisher for `transport: 'kafka'` rows, lag metrics, health (broker and
 * consumer group) and the DLQ admin service. Same shape as `RabbitMqMessagingModule`; import it
 * next to `MessagingModule`, whose relay sends this transport's outbox rows. Reached through
 * `@bulwark/messaging/kafka`, so an app without Kafka never loads kafkajs.
 * @example
 * ```ts
 * KafkaMessagingModule.forRoot({ brokers: ['127.0.0.1:9092'], groupId: 'shop' })
 * // main.ts: app.connectMicroservice({ strategy: app.get(KafkaServer) }); await app.startAllMicroservices();
 * ```
 * @publicApi
 */
@Module({
  providers: [
    ...kafkaMessagingProviders,
    KafkaHealthIndicator,
    KafkaConsumerGroupHealthIndicator,
    KafkaMessagingLifecycle,
  ],
  exports: [
    KafkaServer,
    KafkaOutboxPublisher,
    KafkaDlqService,
    KafkaLagMonitor,
    KafkaHealthIndicator,
    KafkaConsumerGroupHealthIndicator,
  ],
})
export class KafkaMessagingModule extends KafkaMessagingModuleClass {}
