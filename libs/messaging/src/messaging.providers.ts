import type { Provider } from '@nestjs/common';
import { MESSAGING_MODULE_OPTIONS } from './messaging.module-definition';
import type { MessagingModuleOptions } from './interfaces/messaging-module-options.interface';
import { resolveMessagingOptions, type ResolvedMessagingOptions } from './messaging.options';
import { ConfirmPublisher } from './rabbitmq/confirm-publisher';
import { RabbitConnection } from './rabbitmq/connection';
import { RabbitDlqService } from './rabbitmq/dlq.service';
import { RabbitMetrics } from './rabbitmq/rabbitmq.metrics';
import { RabbitMqServer } from './rabbitmq/rmq-server';

/** Token of the resolved options. */
export const MESSAGING_RESOLVED_OPTIONS = Symbol('MESSAGING_RESOLVED_OPTIONS');

type Rabbit = NonNullable<ResolvedMessagingOptions['rabbitmq']>;

/** Providers of the RabbitMQ side; each resolves to `null` when RabbitMQ is off. */
export const messagingProviders: Provider[] = [
  {
    provide: MESSAGING_RESOLVED_OPTIONS,
    useFactory: (options: MessagingModuleOptions) => resolveMessagingOptions(options),
    inject: [MESSAGING_MODULE_OPTIONS],
  },
  {
    provide: RabbitMetrics,
    useFactory: (o: ResolvedMessagingOptions) => new RabbitMetrics(o.registry),
    inject: [MESSAGING_RESOLVED_OPTIONS],
  },
  {
    provide: RabbitConnection,
    useFactory: (o: ResolvedMessagingOptions) =>
      o.rabbitmq ? new RabbitConnection(o.rabbitmq) : null,
    inject: [MESSAGING_RESOLVED_OPTIONS],
  },
  {
    provide: ConfirmPublisher,
    useFactory: (o: ResolvedMessagingOptions, c: RabbitConnection | null, m: RabbitMetrics) =>
      o.rabbitmq && c ? new ConfirmPublisher(c, (o.rabbitmq as Rabbit).publishTimeoutMs, m) : null,
    inject: [MESSAGING_RESOLVED_OPTIONS, RabbitConnection, RabbitMetrics],
  },
  {
    provide: RabbitMqServer,
    useFactory: (
      o: ResolvedMessagingOptions,
      c: RabbitConnection | null,
      p: ConfirmPublisher | null,
      m: RabbitMetrics,
    ) => (o.rabbitmq && c && p ? new RabbitMqServer(o.rabbitmq, c, p, m) : null),
    inject: [MESSAGING_RESOLVED_OPTIONS, RabbitConnection, ConfirmPublisher, RabbitMetrics],
  },
  {
    provide: RabbitDlqService,
    useFactory: (c: RabbitConnection | null, p: ConfirmPublisher | null) =>
      c && p ? new RabbitDlqService(c, p) : null,
    inject: [RabbitConnection, ConfirmPublisher],
  },
];
