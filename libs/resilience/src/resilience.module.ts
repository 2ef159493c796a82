import { Module, Provider } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AdmissionControl } from './admission/admission-control';
import { AdmissionHealthIndicator } from './admission/admission.health';
import { BreakerRegistry } from './breaker-registry';
import { ResilientMethodsExplorer } from './explorer/resilient-methods.explorer';
import { BreakerHealthIndicator } from './health/breaker.health';
import { RequestArrivalTracker } from './interceptors/request-arrival';
import { ResilienceInterceptor } from './interceptors/resilience.interceptor';
import { RouteStacks } from './interceptors/route-stacks';
import { ResilienceModuleOptions } from './interfaces/resilience-options.interface';
import { ResilienceMetrics } from './metrics/resilience.metrics';
import {
  RESILIENCE_MODULE_OPTIONS,
  RESOLVED_RESILIENCE_OPTIONS,
  ResilienceConfigurableModule,
} from './resilience.module-definition';
import { resolveResilienceOptions, ResolvedResilienceOptions } from './resilience-options';
import { ResiliencePolicies } from './resilience-policies';

const providers: Provider[] = [
  {
    provide: RESOLVED_RESILIENCE_OPTIONS,
    inject: [RESILIENCE_MODULE_OPTIONS],
    useFactory: (raw: ResilienceModuleOptions) => resolveResilienceOptions(raw),
  },
  {
    provide: ResilienceMetrics,
    inject: [RESOLVED_RESILIENCE_OPTIONS],
    useFactory: (options: ResolvedResilienceOptions) => new ResilienceMetrics(options.registry),
  },
  BreakerRegistry,
  ResiliencePolicies,
  RouteStacks,
  RequestArrivalTracker,
  ResilientMethodsExplorer,
  BreakerHealthIndicator,
  AdmissionControl,
  AdmissionHealthIndicator,
  // Global, so a decorator on a route is all it takes (the "one-liner per route").
  { provide: APP_INTERCEPTOR, useClass: ResilienceInterceptor },
];

/**
 * Timeouts with deadline propagation, circuit breakers, bulkheads, retries and fallbacks for
 * routes, provider methods, message handlers and programmatic calls. Global by default.
 * @example
 * ResilienceModule.forRoot({ dependencies: { postgres: { timeout: '500ms', breaker: { openFor: '10s' } } } })
 * @publicApi
 */
@Module({
  imports: [DiscoveryModule],
  providers,
  exports: [
    BreakerRegistry,
    ResiliencePolicies,
    ResilienceMetrics,
    BreakerHealthIndicator,
    AdmissionControl,
    AdmissionHealthIndicator,
    RouteStacks,
    RESOLVED_RESILIENCE_OPTIONS,
  ],
})
export class ResilienceModule extends ResilienceConfigurableModule {}
