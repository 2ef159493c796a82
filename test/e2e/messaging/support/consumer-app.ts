import type { INestMicroservice, Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { MessagingModule, type MessagingModuleOptions } from '@bulwark/messaging';
import {
  RabbitMqPublisher,
  type RabbitMqMessagingOptions,
  RabbitMqDlqService,
  RabbitMqMessagingModule,
  RabbitMqServer,
} from '@bulwark/messaging/rabbitmq';

/** A Nest microservice running `RabbitMqServer` with the given controllers, as the shop would. */
export interface ConsumerApp {
  readonly app: INestMicroservice;
  readonly server: RabbitMqServer;
  readonly publisher: RabbitMqPublisher;
  readonly dlq: RabbitMqDlqService;
  readonly registry: Registry;
  close(): Promise<void>;
}

export async function startConsumerApp(
  rabbitmq: RabbitMqMessagingOptions,
  controllers: Type[],
  providers: Provider[] = [],
  core: Omit<MessagingModuleOptions, 'registry'> = {},
): Promise<ConsumerApp> {
  const registry = new Registry();
  const moduleRef = await Test.createTestingModule({
    imports: [
      MessagingModule.forRoot({ ...core, registry }),
      RabbitMqMessagingModule.forRoot({ ...rabbitmq, registry }),
    ],
    controllers,
    providers,
  }).compile();
  const server = moduleRef.get(RabbitMqServer);
  const app = moduleRef.createNestMicroservice({ strategy: server });
  app.useLogger(process.env.MSG_DEBUG ? ['log', 'error', 'warn'] : ['error', 'warn']);
  await app.init();
  await app.listen().catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  return {
    app,
    server,
    publisher: moduleRef.get(RabbitMqPublisher),
    dlq: moduleRef.get(RabbitMqDlqService),
    registry,
    close: () => app.close(),
  };
}
