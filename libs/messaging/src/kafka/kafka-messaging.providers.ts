import type { Provider } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { HandlerDiscovery } from './direct-invoker';
import { createKafkaClient } from './kafka-client';
import { KafkaDlqService } from './kafka-dlq.service';
import {
  KAFKA_ADMIN_CLIENT,
  KAFKA_MESSAGING_MODULE_OPTIONS,
  KAFKA_RESOLVED_OPTIONS,
} from './kafka-messaging.module-definition';
import { resolveKafkaOptions, type ResolvedKafkaOptions } from './kafka-options';
import type { KafkaMessagingOptions } from './kafka-options.interface';
import { KafkaOutboxPublisher } from './kafka-outbox.publisher';
import { KafkaServer } from './kafka-server';
import { KafkaLagMonitor } from './lag-monitor';
import { retryTopicName } from './retry-topics';

/** Providers of `KafkaMessagingModule`; every one reads only the resolved options. */
export const kafkaMessagingProviders: Provider[] = [
  {
    provide: KAFKA_RESOLVED_OPTIONS,
    useFactory: (options: KafkaMessagingOptions) => resolveKafkaOptions(options),
    inject: [KAFKA_MESSAGING_MODULE_OPTIONS],
  },
  {
    provide: KAFKA_ADMIN_CLIENT,
    useFactory: (o: ResolvedKafkaOptions) => createKafkaClient(o, 'admin'),
    inject: [KAFKA_RESOLVED_OPTIONS],
  },
  {
    provide: KafkaServer,
    useFactory: (o: ResolvedKafkaOptions, modules: ModulesContainer) =>
      new KafkaServer(o, undefined, handlerDiscovery(modules)),
    inject: [KAFKA_RESOLVED_OPTIONS, ModulesContainer],
  },
  {
    provide: KafkaOutboxPublisher,
    useFactory: (o: ResolvedKafkaOptions) => KafkaOutboxPublisher.fromOptions(o),
    inject: [KAFKA_RESOLVED_OPTIONS],
  },
  {
    provide: KafkaDlqService,
    useFactory: (kafka: Kafka) => new KafkaDlqService(kafka),
    inject: [KAFKA_ADMIN_CLIENT],
  },
  {
    provide: KafkaLagMonitor,
    useFactory: (o: ResolvedKafkaOptions, kafka: Kafka, server: KafkaServer) =>
      new KafkaLagMonitor(kafka, () => lagTargets(server), { ...o.lag, registry: o.registry }),
    inject: [KAFKA_RESOLVED_OPTIONS, KAFKA_ADMIN_CLIENT, KafkaServer],
  },
];

/** The server's group over its main and retry topics. */
function lagTargets(server: KafkaServer) {
  const topics = server
    .getTopics()
    .flatMap((t) => [t, ...server.getRetryStages(t).map((n) => retryTopicName(t, n))]);
  return [{ groupId: server.getGroupId(), topics }];
}

/** Nest's container, read when the server starts listening. */
function handlerDiscovery(modules: ModulesContainer): HandlerDiscovery {
  const all = () => [...modules.values()];
  return {
    controllers: (controller) =>
      all()
        .flatMap((m) => [...m.controllers.values()])
        .filter((wrapper) => wrapper.metatype === controller)
        .map((wrapper) => ({
          instance: wrapper.instance as object,
          isStatic: wrapper.isDependencyTreeStatic(),
        })),
    // Nest keys `APP_*` providers as "<kind> (UUID: …)".
    globalEnhancerProviders: () =>
      all()
        .flatMap((m) => [...m.providers.keys()])
        .flatMap((token) => {
          const kind = typeof token === 'string' ? GLOBAL_ENHANCER.exec(token)?.[1] : undefined;
          return kind ? [kind] : [];
        }),
  };
}

const GLOBAL_ENHANCER = /^(APP_GUARD|APP_INTERCEPTOR|APP_PIPE|APP_FILTER) \(UUID: /;
