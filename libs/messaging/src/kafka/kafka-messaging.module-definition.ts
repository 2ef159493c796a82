import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { KafkaMessagingOptions } from './kafka-options.interface';

/** Builds `KafkaMessagingModule.forRoot/forRootAsync`; the token reads `KAFKA_MESSAGING_MODULE_OPTIONS`. */
export const {
  ConfigurableModuleClass: KafkaMessagingModuleClass,
  MODULE_OPTIONS_TOKEN: KAFKA_MESSAGING_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<KafkaMessagingOptions>({ moduleName: 'KafkaMessaging' })
  .setClassMethodName('forRoot')
  // Global like MessagingModule: one Kafka transport per app, injected where needed.
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Token of the resolved Kafka options. */
export const KAFKA_RESOLVED_OPTIONS = Symbol('KAFKA_RESOLVED_OPTIONS');

/** Token of the kafkajs client shared by the admin-side tools (lag, health, DLQ). */
export const KAFKA_ADMIN_CLIENT = Symbol('KAFKA_ADMIN_CLIENT');
