import {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RpcParamtype } from '@nestjs/microservices/enums/rpc-paramtype.enum';
import { MessagingExceptionFilter } from '../retry/messaging-exception.filter';
import type { DirectInvocationTarget } from './direct-invocation.decorator';
import type { KafkaInvoker } from './message-pipeline';

/** One instance Nest created of a controller class. */
export interface ControllerInstance {
  readonly instance: object;
  /** `false` for request-scoped (or transient-dependent) controllers. */
  readonly isStatic: boolean;
}

/** Every instance Nest holds of a controller class (one per module that declares it). */
export type ControllerLookup = (
  controller: DirectInvocationTarget['controller'],
) => ControllerInstance[];

/** What the server reads from Nest's container for `@DirectInvocation()` handlers. */
export interface HandlerDiscovery {
  readonly controllers: ControllerLookup;
  /** Global enhancers registered as providers, by kind (`APP_GUARD`, `APP_INTERCEPTOR`, …). */
  readonly globalEnhancerProviders: () => readonly string[];
}

/** A `@DirectInvocation()` handler that cannot be called directly without changing what runs. */
export class DirectInvocationError extends Error {
  override readonly name = 'DirectInvocationError';
}

/** Where a parameter's value comes from, as Nest's `RpcParamsFactory` would take it. */
interface Slot {
  readonly index: number;
  readonly from: 'payload' | 'ctx';
  /** `@Payload('field')`: the payload's property instead of the payload. */
  readonly field?: string;
}

interface ParamMetadata {
  readonly index: number;
  readonly data?: unknown;
  readonly pipes?: readonly unknown[];
}

interface Param extends ParamMetadata {
  /** Nest's `RpcParamtype` of the decorator. */
  readonly type: number;
  /** A `createParamDecorator()` decorator. */
  readonly custom: boolean;
}

/**
 * Builds the direct call of a `@DirectInvocation()` handler: what Nest's RPC context creator
 * does when no guard, interceptor, pipe or filter is attached, without its per-message frames
 * (written here because Nest has no public way to invoke a handler without that chain).
 * Throws {@link DirectInvocationError} naming everything that would otherwise be skipped.
 * @param chained `true` when another handler shares the pattern (Nest calls both; so must we).
 */
export function createDirectInvoker(
  pattern: string,
  target: DirectInvocationTarget,
  lookup: ControllerLookup,
  chained: boolean,
): KafkaInvoker {
  const { controller, method } = target;
  const where = `${controller.name}.${String(method)} (@DirectInvocation on '${pattern}')`;
  const fn: unknown = (controller.prototype as Record<string | symbol, unknown>)[method];
  const instances = lookup(controller);
  const params = paramsOf(controller, method);
  const problems = [...enhancerProblems(controller, fn), ...paramProblems(params)];
  if (chained) problems.push('another handler listens to the same pattern');
  if (instances.length === 0) problems.push('no module declares its controller');
  else if (instances.length > 1) problems.push(`${instances.length} instances of the controller`);
  else if (!instances[0].isStatic) problems.push('the controller is request-scoped');
  if (typeof fn !== 'function') problems.push('it is not a method');
  if (problems.length > 0) {
    throw new DirectInvocationError(
      `${where} cannot be invoked directly: ${problems.join('; ')}. Remove @DirectInvocation() ` +
        'to run it through Nest, or remove what it would skip.',
    );
  }
  const instance = instances[0].instance;
  const call = fn as (...args: unknown[]) => unknown;
  const slots = slotsOf(params);
  // The usual shape gets a closure without an argument array.
  if (slots.length === 2 && isPlain(slots[0], 0, 'payload') && isPlain(slots[1], 1, 'ctx')) {
    return (payload, ctx) => call.call(instance, payload, ctx);
  }
  const length = slots.reduce((max, s) => Math.max(max, s.index + 1), 0);
  return (payload, ctx) => {
    const args = new Array<unknown>(length).fill(undefined);
    for (const s of slots) args[s.index] = s.from === 'ctx' ? ctx : pick(payload, s.field);
    return call.apply(instance, args);
  };
}

function isPlain(slot: Slot, index: number, from: Slot['from']): boolean {
  return slot.index === index && slot.from === from && slot.field === undefined;
}

/** `@Payload('field')` as Nest resolves it: the property of an object payload, else undefined. */
function pick(payload: unknown, field: string | undefined): unknown {
  if (field === undefined) return payload;
  return payload === null || payload === undefined
    ? undefined
    : (payload as Record<string, unknown>)[field];
}

function enhancerProblems(controller: object, fn: unknown): string[] {
  const on = (key: string) => [
    ...((Reflect.getMetadata(key, controller) as unknown[] | undefined) ?? []),
    ...(typeof fn === 'function'
      ? ((Reflect.getMetadata(key, fn) as unknown[] | undefined) ?? [])
      : []),
  ];
  const problems: string[] = [];
  if (on(GUARDS_METADATA).length > 0) problems.push('guards are attached');
  if (on(INTERCEPTORS_METADATA).length > 0) problems.push('interceptors are attached');
  if (on(PIPES_METADATA).length > 0) problems.push('pipes are attached');
  const filters = on(EXCEPTION_FILTERS_METADATA).filter(
    (f) => f !== MessagingExceptionFilter && !(f instanceof MessagingExceptionFilter),
  );
  if (filters.length > 0) problems.push('exception filters are attached');
  return problems;
}

/** The handler's parameter decorators, each with its Nest param type. */
function paramsOf(controller: object, method: string | symbol): Param[] {
  const found = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) as
    Record<string, ParamMetadata> | undefined;
  // Nest's default when a handler declares no parameter decorator: the payload first.
  const metadata = found ?? { [`${RpcParamtype.PAYLOAD}:0`]: { index: 0 } };
  return Object.entries(metadata).map(([key, param]) => ({
    ...param,
    custom: key.includes(CUSTOM_ROUTE_ARGS_METADATA),
    type: Number(key.split(':')[0]),
  }));
}

function paramProblems(params: readonly Param[]): string[] {
  return params.flatMap((param) => {
    if (param.custom) return [`parameter ${param.index} uses a custom decorator`];
    if (param.type !== RpcParamtype.PAYLOAD && param.type !== RpcParamtype.CONTEXT) {
      return [`parameter ${param.index} is neither @Payload() nor @Ctx()`];
    }
    return (param.pipes ?? []).length > 0 ? [`parameter ${param.index} has pipes`] : [];
  });
}

function slotsOf(params: readonly Param[]): Slot[] {
  return params
    .map((param): Slot => {
      if (param.type === RpcParamtype.CONTEXT) return { index: param.index, from: 'ctx' };
      // Nest takes a falsy `data` as "the whole payload".
      const field = param.data ? String(param.data) : undefined;
      return { index: param.index, from: 'payload', field };
    })
    .sort((a, b) => a.index - b.index);
}
