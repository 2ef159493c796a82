import type { Provider } from '@nestjs/common';
import {
  RABBITMQ_MESSAGING_MODULE_OPTIONS,
  RABBITMQ_RESOLVED_OPTIONS,
} from './rabbitmq-messaging.module-definition';
import { resolveRabbitMqOptions, type ResolvedRabbitMqOptions } from './rabbitmq-options';
import type { RabbitMqMessagingOptions } from './rabbitmq-options.interface';
import { RabbitMqConnection } from './rabbitmq-connection';
import { RabbitMqDlqService } from './rabbitmq-dlq.service';
import { RabbitMqPublisher } from './rabbitmq-publisher';
import { RabbitMqServer } from './rabbitmq-server';
import { RabbitMqMetrics } from './rabbitmq.metrics';

/** Providers of `RabbitMqMessagingModule`; each resolves to `null` when `enabled: false`. */
export const rabbitMqMessagingProviders: Provider[] = [
  {
    provide: RABBITMQ_RESOLVED_OPTIONS,
    useFactory: (options: RabbitMqMessagingOptions) => resolveRabbitMqOptions(options),
    inject: [RABBITMQ_MESSAGING_MODULE_OPTIONS],
  },
  {
    provide: RabbitMqMetrics,
    useFactory: (o: ResolvedRabbitMqOptions) => new RabbitMqMetrics(o.registry),
    inject: [RABBITMQ_RESOLVED_OPTIONS],
  },
  {
    provide: RabbitMqConnection,
    useFactory: (o: ResolvedRabbitMqOptions) => (o.enabled ? new RabbitMqConnection(o) : null),
    inject: [RABBITMQ_RESOLVED_OPTIONS],
  },
  {
    provide: RabbitMqPublisher,
    useFactory: (o: ResolvedRabbitMqOptions, c: RabbitMqConnection | null, m: RabbitMqMetrics) =>
      c ? new RabbitMqPublisher(c, o.publishTimeoutMs, m) : null,
    inject: [RABBITMQ_RESOLVED_OPTIONS, RabbitMqConnection, RabbitMqMetrics],
  },
  {
    provide: RabbitMqServer,
    useFactory: (
      o: ResolvedRabbitMqOptions,
      c: RabbitMqConnection | null,
      p: RabbitMqPublisher | null,
      m: RabbitMqMetrics,
    ) => (c && p ? new RabbitMqServer(o, c, p, m) : null),
    inject: [RABBITMQ_RESOLVED_OPTIONS, RabbitMqConnection, RabbitMqPublisher, RabbitMqMetrics],
  },
  {
    provide: RabbitMqDlqService,
    useFactory: (c: RabbitMqConnection | null, p: RabbitMqPublisher | null) =>
      c && p ? new RabbitMqDlqService(c, p) : null,
    inject: [RabbitMqConnection, RabbitMqPublisher],
  },
];
