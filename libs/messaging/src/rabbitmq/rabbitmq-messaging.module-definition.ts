import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RabbitMqMessagingOptions } from './rabbitmq-options.interface';

/** Builds `RabbitMqMessagingModule.forRoot/forRootAsync`; the token reads `RABBITMQ_MESSAGING_MODULE_OPTIONS`. */
export const {
  ConfigurableModuleClass: RabbitMqMessagingModuleClass,
  MODULE_OPTIONS_TOKEN: RABBITMQ_MESSAGING_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<RabbitMqMessagingOptions>({ moduleName: 'RabbitMqMessaging' })
  .setClassMethodName('forRoot')
  // Global like MessagingModule: one connection per app, injected where needed.
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Token of the resolved RabbitMQ options. */
export const RABBITMQ_RESOLVED_OPTIONS = Symbol('RABBITMQ_RESOLVED_OPTIONS');
