import { Module } from '@nestjs/common';
import { InboxService } from './inbox/inbox.service';
import { MessagingLifecycle } from './messaging.lifecycle';
import { ConfigurableModuleClass } from './messaging.module-definition';
import { messagingProviders } from './messaging.providers';
import { OutboxService } from './outbox/outbox.service';
import { OutboxBacklogMonitor } from './outbox/outbox-backlog.monitor';
import { OutboxPublishers } from './outbox/outbox-publishers';

/**
 * The transport-neutral core: outbox, inbox and the one outbox relay. Transports are separate
 * modules (`KafkaMessagingModule` from `@bulwark/messaging/kafka`, `RabbitMqMessagingModule` from
 * `@bulwark/messaging/rabbitmq`) so an app loads only the driver it uses; each registers its
 * outbox publisher with this module's relay.
 * @example
 * ```ts
 * MessagingModule.forRootAsync({
 *   inject: [DataSource],
 *   useFactory: (dataSource: DataSource) => ({ dataSource, outbox: { relay: true } }),
 * })
 * ```
 * @publicApi
 */
@Module({
  providers: [
    ...messagingProviders,
    OutboxService,
    InboxService,
    OutboxPublishers,
    MessagingLifecycle,
    OutboxBacklogMonitor,
  ],
  exports: [OutboxService, InboxService, OutboxPublishers],
})
export class MessagingModule extends ConfigurableModuleClass {}
