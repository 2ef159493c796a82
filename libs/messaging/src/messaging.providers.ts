import type { Provider } from '@nestjs/common';
import { MESSAGING_MODULE_OPTIONS } from './messaging.module-definition';
import type { MessagingModuleOptions } from './interfaces/messaging-module-options.interface';
import { resolveMessagingOptions } from './messaging.options';

/** Token of the resolved options. */
export const MESSAGING_RESOLVED_OPTIONS = Symbol('MESSAGING_RESOLVED_OPTIONS');

/** Providers of the core module; every one reads only the resolved options. */
export const messagingProviders: Provider[] = [
  {
    provide: MESSAGING_RESOLVED_OPTIONS,
    useFactory: (options: MessagingModuleOptions) => resolveMessagingOptions(options),
    inject: [MESSAGING_MODULE_OPTIONS],
  },
];
