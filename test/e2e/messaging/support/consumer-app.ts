import type { INestMicroservice, Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import {
  ConfirmPublisher,
  MessagingModule,
  type MessagingModuleOptions,
  type RabbitMqOptions,
  RabbitDlqService,
  RabbitMqServer,
} from '@bulwark/messaging';

/** A Nest microservice running `RabbitMqServer` with the given controllers, as the shop would. */
export interface ConsumerApp {
  readonly app: INestMicroservice;
  readonly server: RabbitMqServer;
  readonly publisher: ConfirmPublisher;
  readonly dlq: RabbitDlqService;
  readonly registry: Registry;
  close(): Promise<void>;
}

export async function startConsumerApp(
  rabbitmq: RabbitMqOptions,
  controllers: Type[],
  providers: Provider[] = [],
  extra: Omit<MessagingModuleOptions, 'rabbitmq' | 'registry'> = {},
): Promise<ConsumerApp> {
  const registry = new Registry();
  const moduleRef = await Test.createTestingModule({
    imports: [MessagingModule.forRoot({ ...extra, rabbitmq, registry })],
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
    publisher: moduleRef.get(ConfirmPublisher),
    dlq: moduleRef.get(RabbitDlqService),
    registry,
    close: () => app.close(),
  };
}
