import {
  layerProviderMethods,
  METHOD_LAYER_RANK,
  type MethodLayer,
  type ProviderMethod,
  toMs,
} from '@bulwark/common';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { HeaderBag } from '../deadline/headers';
import { MethodResilience, readResilience } from '../decorators/resilience-metadata';
import { SkipExpiredOptions } from '../decorators/skip-expired.decorator';
import { ResiliencePolicies } from '../resilience-policies';

/** First argument carrying a `headers` object: a kafkajs message, an amqplib message's shape. */
function defaultHeaders(args: readonly unknown[]): HeaderBag | undefined {
  for (const arg of args) {
    if (typeof arg !== 'object' || arg === null) continue;
    const headers: unknown = Reflect.get(arg, 'headers');
    if (typeof headers === 'object' && headers !== null) return headers as HeaderBag;
  }
  return undefined;
}

/**
 * Applies the decorators to provider methods (routes and message handlers go through the
 * interceptor). Methods are found at `onModuleInit` and given a layer that runs them through
 * their stack, so a decorated method is resilient whoever calls it. The rule is the one every
 * Bulwark method explorer follows (`layerProviderMethods` of `@bulwark/common`): metadata kept on
 * the wrapper, request-scoped providers warned about and skipped, and composable with
 * `@Cacheable` in either order (resilience runs outside the cache, as on routes).
 * @internal
 */
@Injectable()
export class ResilientMethodsExplorer implements OnModuleInit {
  private readonly logger = new Logger('Resilience');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly policies: ResiliencePolicies,
  ) {}

  onModuleInit(): void {
    layerProviderMethods(
      this.discovery.getProviders(),
      (prototype) => this.scanner.getAllMethodNames(prototype),
      {
        owner: 'resilience',
        decorated: (method) => readResilience(method) !== undefined,
        layerFor: (method, label, instance) => this.layer(label, readResilience(method)!, instance),
        warn: (message) => this.logger.warn(message),
      },
    );
  }

  private layer(label: string, spec: MethodResilience, instance: object): MethodLayer {
    // Built once per method: re-layering (another library's layer added later) re-wraps only.
    const stack = this.policies.forMethod(label, spec, Infinity, true);
    const skip = spec.skipExpired;
    return {
      owner: 'resilience',
      rank: METHOD_LAYER_RANK.resilience,
      wrap: (next) => {
        const run = (args: unknown[]): Promise<unknown> =>
          stack.execute(() => next(...args), { args, instance });
        return skip ? this.skipping(label, skip, run) : (...args: unknown[]) => run(args);
      },
    };
  }

  private skipping(
    label: string,
    skip: SkipExpiredOptions,
    run: (args: unknown[]) => Promise<unknown>,
  ): ProviderMethod {
    const graceMs = skip.grace === undefined ? 0 : toMs(skip.grace, 'grace');
    const headersOf = skip.headers ?? defaultHeaders;
    return async (...args: unknown[]): Promise<unknown> => {
      const outcome = await this.policies.handleUnlessExpired(headersOf(args), () => run(args), {
        handler: label,
        graceMs,
      });
      return outcome.skipped ? undefined : outcome.value;
    };
  }
}
