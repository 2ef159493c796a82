import { ConfigurableModuleBuilder } from '@nestjs/common';
import { ResilienceModuleOptions } from './interfaces/resilience-options.interface';

/**
 * Builder output: `ResilienceModule` extends the class; `RESILIENCE_MODULE_OPTIONS` is the raw
 * options token (internal code reads `RESOLVED_RESILIENCE_OPTIONS` instead).
 */
export const {
  ConfigurableModuleClass: ResilienceConfigurableModule,
  MODULE_OPTIONS_TOKEN: RESILIENCE_MODULE_OPTIONS,
  OPTIONS_TYPE: RESILIENCE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RESILIENCE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ResilienceModuleOptions>({ moduleName: 'Resilience' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Injection token of the resolved options (`ResolvedResilienceOptions`). */
export const RESOLVED_RESILIENCE_OPTIONS = Symbol('RESOLVED_RESILIENCE_OPTIONS');
