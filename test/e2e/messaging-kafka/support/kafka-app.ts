import type { INestMicroservice, Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { MessagingModule, type OutboxOptions } from '@bulwark/messaging';
import {
  KafkaDlqService,
  KafkaHealthIndicator,
  KafkaLagMonitor,
  KafkaMessagingModule,
  type KafkaMessagingOptions,
  KafkaServer,
} from '@bulwark/messaging/kafka';
import { FAST_GROUP } from './kafka';

/** A Nest microservice running `KafkaServer` with the given controllers, as the shop would. */
export interface KafkaApp {
  readonly app: INestMicroservice;
  readonly server: KafkaServer;
  readonly dlq: KafkaDlqService;
  readonly lag: KafkaLagMonitor;
  readonly health: KafkaHealthIndicator;
  readonly registry: Registry;
  close(): Promise<void>;
}

export async function startKafkaApp(
  { outbox, ...options }: KafkaMessagingOptions & { readonly outbox?: OutboxOptions },
  controllers: Type[],
  dataSource: DataSource,
  providers: Provider[] = [],
): Promise<KafkaApp> {
  const registry = new Registry();
  const moduleRef = await Test.createTestingModule({
    imports: [
      MessagingModule.forRoot({ registry, dataSource, outbox }),
      KafkaMessagingModule.forRoot({
        sessionTimeout: FAST_GROUP.sessionTimeout,
        heartbeatInterval: FAST_GROUP.heartbeatInterval,
        rebalanceTimeout: FAST_GROUP.rebalanceTimeout,
        maxWaitTime: '100ms',
        logLevel: logLevel.NOTHING,
        registry,
        ...options,
      }),
    ],
    controllers,
    // The handlers inject the DataSource by class, as the shop's do.
    providers: [{ provide: DataSource, useValue: dataSource }, ...providers],
  }).compile();
  const server = moduleRef.get(KafkaServer);
  const app = moduleRef.createNestMicroservice({ strategy: server });
  app.useLogger(['error']);
  await app.init();
  await app.listen();
  return {
    app,
    server,
    dlq: moduleRef.get(KafkaDlqService),
    lag: moduleRef.get(KafkaLagMonitor),
    health: moduleRef.get(KafkaHealthIndicator),
    registry,
    close: () => app.close(),
  };
}
