import { ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { readResilience, MethodResilience } from '../decorators/resilience-metadata';
import { PolicyStack } from '../policies/policy-stack';
import { ResiliencePolicies } from '../resilience-policies';

/** Per-handler state, built on its first call and cached. @internal */
export interface RouteEntry {
  readonly name: string;
  readonly spec?: MethodResilience;
  readonly stack: PolicyStack;
  /** False when the handler has no decorators and no module `requestTimeout` applies. */
  readonly guarded: boolean;
  readonly instance?: object;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * Caches one {@link RouteEntry} per handler function, so the interceptor's per-request cost is
 * one WeakMap lookup rather than metadata reads and policy construction.
 * @internal
 */
@Injectable()
export class RouteStacks {
  private readonly entries = new WeakMap<object, RouteEntry>();

  constructor(
    private readonly policies: ResiliencePolicies,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The entry of the handler behind `context`; `baseTimeoutMs` applies when it has no `@Timeout`. */
  for(context: ExecutionContext, baseTimeoutMs: number, httpMethod?: string): RouteEntry {
    const handler = context.getHandler();
    let entry = this.entries.get(handler);
    if (!entry) {
      entry = this.build(context, baseTimeoutMs, httpMethod);
      this.entries.set(handler, entry);
    }
    return entry;
  }

  private build(context: ExecutionContext, baseTimeoutMs: number, httpMethod?: string): RouteEntry {
    const cls = context.getClass();
    const name = `${cls.name}.${context.getHandler().name}`;
    const spec = readResilience(context.getHandler());
    const allowRetry = httpMethod === undefined || IDEMPOTENT.has(httpMethod.toUpperCase());
    const stack = this.policies.forMethod(name, spec ?? {}, baseTimeoutMs, allowRetry);
    const guarded = spec !== undefined || baseTimeoutMs !== Infinity;
    return { name, spec, stack, guarded, instance: this.instanceOf(cls) };
  }

  /** The controller instance, for `@Fallback('methodName')`; absent for request-scoped ones. */
  private instanceOf(cls: object): object | undefined {
    try {
      return this.moduleRef.get(cls as new () => object, { strict: false });
    } catch {
      return undefined;
    }
  }
}
