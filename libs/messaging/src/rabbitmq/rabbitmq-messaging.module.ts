import { Module } from '@nestjs/common';
import { RabbitMqConnection } from './rabbitmq-connection';
import { RabbitMqDlqService } from './rabbitmq-dlq.service';
import { RabbitMqMessagingLifecycle } from './rabbitmq-messaging.lifecycle';
import { RabbitMqMessagingModuleClass } from './rabbitmq-messaging.module-definition';
import { rabbitMqMessagingProviders } from './rabbitmq-messaging.providers';
import { RabbitMqPublisher } from './rabbitmq-publisher';
import { RabbitMqServer } from './rabbitmq-server';
import { RabbitMqHealthIndicator } from './rabbitmq.health';
import { RabbitMqMetrics } from './rabbitmq.metrics';

/**
 * RabbitMQ transport of Bulwark messaging: the {@link RabbitMqServer} strategy for `@EventPattern`
 * handlers, the confirm-channel publisher (also the outbox publisher for `transport: 'rabbitmq'`
 * rows), health and the DLQ admin service. Same shape as `KafkaMessagingModule`; import it next to
 * `MessagingModule`, whose relay sends this transport's outbox rows.
 * @example
 * ```ts
 * RabbitMqMessagingModule.forRoot({ url: process.env.RABBITMQ_URL!, topology })
 * // main.ts: app.connectMicroservice({ strategy: app.get(RabbitMqServer) }); await app.startAllMicroservices();
 * ```
 * @publicApi
 */
@Module({
  providers: [...rabbitMqMessagingProviders, RabbitMqHealthIndicator, RabbitMqMessagingLifecycle],
  exports: [
    RabbitMqServer,
    RabbitMqPublisher,
    RabbitMqDlqService,
    RabbitMqConnection,
    RabbitMqMetrics,
    RabbitMqHealthIndicator,
  ],
})
export class RabbitMqMessagingModule extends RabbitMqMessagingModuleClass {}
