import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { OutboxPublishers } from '../outbox/outbox-publishers';
import { RABBITMQ_RESOLVED_OPTIONS } from './rabbitmq-messaging.module-definition';
import type { ResolvedRabbitMqOptions } from './rabbitmq-options';
import { RABBITMQ_DISABLED_MESSAGE } from './rabbitmq.constants';
import { RabbitMqConnection } from './rabbitmq-connection';
import { RabbitMqOutboxPublisher } from './rabbitmq-outbox.publisher';
import { RabbitMqPublisher } from './rabbitmq-publisher';
import { assertTopology } from './topology';

/**
 * Declares the publish-side topology on every connect, opens the confirm channel and registers the
 * RabbitMQ outbox publisher with the core relay (at module init, before the relay starts at
 * bootstrap), then connects in the background at bootstrap: a broker that is down must not block
 * the HTTP side from starting; readiness reports it. Closes everything on shutdown.
 */
@Injectable()
export class RabbitMqMessagingLifecycle
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('RabbitMqMessagingModule');
  private initialized = false;
  private connecting = false;

  constructor(
    @Inject(RABBITMQ_RESOLVED_OPTIONS) private readonly options: ResolvedRabbitMqOptions,
    // Explicit tokens: a `T | null` parameter type is emitted as `Object` in decorator metadata.
    @Inject(RabbitMqConnection) private readonly connection: RabbitMqConnection | null,
    @Inject(RabbitMqPublisher) private readonly publisher: RabbitMqPublisher | null,
    // Absent when the app runs the transport without the core module (no outbox).
    @Optional() private readonly outboxPublishers?: OutboxPublishers,
  ) {}

  async onModuleInit(): Promise<void> {
    // Nest runs init hooks again when a microservice on the same container starts listening.
    if (this.initialized) return;
    this.initialized = true;
    if (!this.connection || !this.publisher) {
      this.logger.log(RABBITMQ_DISABLED_MESSAGE);
      return;
    }
    const topology = this.options.topology;
    await this.connection
      .onConnect((model) => assertTopology(model, topology))
      .catch((e) => this.logger.error(String(e)));
    await this.publisher.start();
    this.outboxPublishers?.register(new RabbitMqOutboxPublisher(this.publisher));
  }

  onApplicationBootstrap(): void {
    if (this.connecting || !this.connection) return;
    this.connecting = true;
    this.connection
      .connect()
      .catch((e: unknown) => this.logger.error(`RabbitMQ connect failed: ${String(e)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher?.close();
    await this.connection?.close();
  }
}
