import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { RABBITMQ_DISABLED_MESSAGE } from './messaging.constants';
import type { ResolvedMessagingOptions } from './messaging.options';
import { MESSAGING_RESOLVED_OPTIONS } from './messaging.providers';
import { OutboxRelay } from './outbox/outbox-relay';
import type { OutboxPublisher } from './outbox/outbox-publisher.interface';
import { ConfirmPublisher } from './rabbitmq/confirm-publisher';
import { RabbitConnection } from './rabbitmq/connection';
import { RabbitOutboxPublisher } from './rabbitmq/rabbitmq-outbox.publisher';
import { assertTopology } from './rabbitmq/topology';

/**
 * Connects in the background at bootstrap (a broker that is down must not block the HTTP side from
 * starting; readiness reports it), declares the publish-side topology, starts the outbox relay,
 * and closes everything on shutdown.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MessagingModule');
  private relay?: OutboxRelay;
  private started = false;

  constructor(
    @Inject(MESSAGING_RESOLVED_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly moduleRef: ModuleRef,
    // Explicit tokens: a `T | null` parameter type is emitted as `Object` in decorator metadata.
    @Optional() @Inject(RabbitConnection) private readonly connection: RabbitConnection | null,
    @Optional() @Inject(ConfirmPublisher) private readonly publisher: ConfirmPublisher | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Nest runs this hook again when a microservice on the same container starts listening.
    if (this.started) return;
    this.started = true;
    const rabbit = this.options.rabbitmq;
    if (!rabbit || !this.connection || !this.publisher) this.logger.log(RABBITMQ_DISABLED_MESSAGE);
    else {
      const topology = rabbit.topology;
      await this.connection
        .onConnect((model) => assertTopology(model, topology))
        .catch((e) => this.logger.error(String(e)));
      await this.publisher.start();
      this.connection
        .connect()
        .catch((e: unknown) => this.logger.error(`RabbitMQ connect failed: ${String(e)}`));
    }
    if (this.options.outbox.relay) this.startRelay();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.publisher?.close();
    await this.connection?.close();
  }

  private startRelay(): void {
    const publishers: OutboxPublisher[] = [];
    if (this.publisher) publishers.push(new RabbitOutboxPublisher(this.publisher));
    // Kafka's OutboxPublisher joins here with issue 5.
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    this.relay = new OutboxRelay(dataSource, publishers, this.options.outbox);
    this.relay.start();
  }
}
