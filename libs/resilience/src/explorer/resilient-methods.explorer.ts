import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { HeaderBag } from '../deadline/headers';
import { MethodResilience, readResilience } from '../decorators/resilience-metadata';
import { SkipExpiredOptions } from '../decorators/skip-expired.decorator';
import { toMs } from '@bulwark/common';
import { ResiliencePolicies } from '../resilience-policies';

type AnyMethod = (...args: unknown[]) => unknown;

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
 * interceptor). Methods are found at `onModuleInit`, like golevelup's handler discovery, and
 * replaced on the singleton instance by a wrapper that runs them through their stack; so a
 * decorated method is resilient whoever calls it. Request-scoped providers are skipped
 * (no singleton instance to patch), and a warning says so.
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
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (typeof instance !== 'object' || instance === null) continue;
      const prototype: object | null = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method: unknown = Reflect.get(instance, name);
        if (typeof method !== 'function') continue;
        const spec = readResilience(method);
        if (!spec) continue;
        if (!wrapper.isDependencyTreeStatic()) {
          this.logger.warn(
            `${wrapper.name}.${name}: resilience decorators ignored on a request-scoped provider`,
          );
          continue;
        }
        this.patch(instance, name, method as AnyMethod, spec);
      }
    }
  }

  private patch(instance: object, name: string, method: AnyMethod, spec: MethodResilience): void {
    const label = `${instance.constructor.name}.${name}`;
    const stack = this.policies.forMethod(label, spec, Infinity, true);
    const skip = spec.skipExpired;
    const run = (args: unknown[]): Promise<unknown> =>
      stack.execute(() => method.apply(instance, args), { args, instance });
    const patched = skip ? this.skipping(label, skip, run) : (...args: unknown[]) => run(args);
    // Keep the original's metadata reachable (Swagger, other explorers read it off the method).
    Reflect.getMetadataKeys(method).forEach((key) =>
      Reflect.defineMetadata(key, Reflect.getMetadata(key, method), patched),
    );
    Object.defineProperty(instance, name, { value: patched, configurable: true, writable: true });
  }

  private skipping(
    label: string,
    skip: SkipExpiredOptions,
    run: (args: unknown[]) => Promise<unknown>,
  ) {
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
