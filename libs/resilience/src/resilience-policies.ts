import { Inject, Injectable } from '@nestjs/common';
import { DeadlineContext } from './deadline/deadline.policy';
import {
  HandleUnlessExpiredOptions,
  handleUnlessExpired,
  MessageOutcome,
} from './deadline/expired-message';
import { HeaderBag } from './deadline/headers';
import { MethodResilience } from './decorators/resilience-metadata';
import { BreakerRegistry } from './breaker-registry';
import { toMs } from '@bulwark/common';
import { ResilienceMetrics } from './metrics/resilience.metrics';
import { bulkheadPolicy } from './policies/bulkhead';
import { FallbackHandler } from './policies/fallback';
import { PolicyStack } from './policies/policy-stack';
import { retryPolicy } from './policies/retry';
import { RESOLVED_RESILIENCE_OPTIONS } from './resilience.module-definition';
import { resolveDependency, type ResolvedResilienceOptions } from './resilience-options';

/**
 * Programmatic entry point: run a call to a named dependency through its timeout, breaker,
 * bulkhead and retry, as configured in `ResilienceModule.forRoot({ dependencies })`.
 * @example
 * const rows = await this.policies.execute('postgres', ({ signal }) => this.repo.find());
 * @publicApi
 */
@Injectable()
export class ResiliencePolicies {
  private readonly stacks = new Map<string, PolicyStack>();

  constructor(
    @Inject(RESOLVED_RESILIENCE_OPTIONS) private readonly options: ResolvedResilienceOptions,
    private readonly breakers: BreakerRegistry,
    /** The lib's metrics, for custom policies that want to report into them. */
    readonly metrics: ResilienceMetrics,
  ) {}

  /** Runs `fn` as a call to `dependency`; rejects with 504/503-mapped errors. */
  execute<T>(dependency: string, fn: (context: DeadlineContext) => PromiseLike<T> | T): Promise<T> {
    return this.dependency(dependency).execute(fn);
  }

  /** The stack of a dependency (created with defaults if the name was not configured). */
  dependency(name: string): PolicyStack {
    let stack = this.stacks.get(name);
    if (!stack) {
      const dep =
        this.options.dependencies[name] ?? resolveDependency({}, this.options.defaultTimeoutMs);
      stack = new PolicyStack({
        name,
        timeoutMs: dep.timeoutMs,
        breaker: this.breakers.get(name),
        bulkhead: dep.bulkhead && bulkheadPolicy(dep.bulkhead),
        retry: dep.retry && retryPolicy(dep.retry),
        retryAfterSeconds: this.options.retryAfterSeconds,
        metrics: this.metrics,
      });
      this.stacks.set(name, stack);
    }
    return stack;
  }

  /**
   * Builds the stack for a decorated route or method. `baseTimeoutMs` is the budget when the
   * method has no `@Timeout` (the module's `requestTimeout` for routes, none for methods).
   * @internal
   */
  forMethod(
    name: string,
    spec: MethodResilience,
    baseTimeoutMs: number,
    allowRetry: boolean,
  ): PolicyStack {
    const timeoutMs =
      spec.timeout === undefined
        ? baseTimeoutMs
        : spec.timeout === null
          ? this.options.defaultTimeoutMs
          : toMs(spec.timeout, `@Timeout on ${name}`);
    return new PolicyStack({
      name,
      timeoutMs,
      breaker: spec.breaker === undefined ? undefined : this.breakers.get(spec.breaker),
      bulkhead: spec.bulkhead && bulkheadPolicy(spec.bulkhead),
      retry: spec.retry && allowRetry ? retryPolicy(spec.retry) : undefined,
      fallback: spec.fallback && new FallbackHandler(spec.fallback.source, spec.fallback.options),
      retryAfterSeconds: this.options.retryAfterSeconds,
      metrics: this.metrics,
    });
  }

  /** {@link handleUnlessExpired} counted in this module's metrics. */
  handleUnlessExpired<T>(
    headers: HeaderBag | undefined,
    handle: () => PromiseLike<T> | T,
    options: Omit<HandleUnlessExpiredOptions, 'counter'>,
  ): Promise<MessageOutcome<T>> {
    return handleUnlessExpired(headers, handle, {
      ...options,
      counter: this.metrics.expiredSkipped,
    });
  }
}
