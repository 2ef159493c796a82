import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RabbitMqHealthIndicator } from './health/rabbitmq.health';
import { InboxService } from './inbox/inbox.service';
import { MessagingLifecycle } from './messaging.lifecycle';
import { ConfigurableModuleClass } from './messaging.module-definition';
import { messagingProviders } from './messaging.providers';
import { OutboxService } from './outbox/outbox.service';
import { OutboxBacklogMonitor } from './outbox/outbox-backlog.monitor';
import { ConfirmPublisher } from './rabbitmq/confirm-publisher';
import { RabbitConnection } from './rabbitmq/connection';
import { RabbitDlqService } from './rabbitmq/dlq.service';
import { RabbitMetrics } from './rabbitmq/rabbitmq.metrics';
import { RabbitMqServer } from './rabbitmq/rmq-server';

/**
 * Outbox, inbox, retry vocabulary and the RabbitMQ transport. Without `rabbitmq` options the
 * RabbitMQ providers resolve to `null` and one log line says the transport is off.
 * @example
 * ```ts
 * MessagingModule.forRoot({ rabbitmq: { url: process.env.RABBITMQ_URL!, topology }, outbox: { relay: true } })
 * // main.ts: app.connectMicroservice({ strategy: app.get(RabbitMqServer) }); await app.startAllMicroservices();
 * ```
 * @publicApi
 */
@Module({
  imports: [TerminusModule],
  providers: [
    ...messagingProviders,
    OutboxService,
    InboxService,
    RabbitMqHealthIndicator,
    MessagingLifecycle,
    OutboxBacklogMonitor,
  ],
  exports: [
    OutboxService,
    InboxService,
    RabbitMqHealthIndicator,
    RabbitConnection,
    ConfirmPublisher,
    RabbitMqServer,
    RabbitDlqService,
    RabbitMetrics,
  ],
})
export class MessagingModule extends ConfigurableModuleClass {}
