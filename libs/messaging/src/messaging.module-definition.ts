import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { MessagingModuleOptions } from './interfaces/messaging-module-options.interface';

/** Builds `MessagingModule.forRoot/forRootAsync`; the token reads `MESSAGING_MODULE_OPTIONS`. */
export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: MESSAGING_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MessagingModuleOptions>({ moduleName: 'Messaging' })
  .setClassMethodName('forRoot')
  // Global by default: one connection per app, and feature modules inject OutboxService directly.
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
