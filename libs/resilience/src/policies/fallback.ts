import { fallback, FallbackPolicy, handleWhen } from 'cockatiel';
import { isClientError } from '../errors/client-error';

/**
 * Computes the degraded answer. Gets the error and the original call's arguments (for a route:
 * Nest's handler arguments, i.e. `[req, res]` for HTTP); `this` is the decorated instance.
 * @publicApi
 */
export type FallbackFn<R = unknown> = (error: unknown, ...args: unknown[]) => R | PromiseLike<R>;

/**
 * Where a fallback comes from: the name of a method on the same class (called like a
 * {@link FallbackFn}), a function, or a constant `{ value }`.
 * @publicApi
 */
export type FallbackSource = string | FallbackFn | { readonly value: unknown };

/** Options of `@Fallback`. @publicApi */
export interface FallbackOptions {
  /** Which errors fall back. @default every error except 4xx HttpExceptions (a 404 stays a 404) */
  on?: (error: unknown) => boolean;
}

/**
 * Our own fallback step rather than cockatiel's `fallback()`: that one calls its factory with no
 * arguments, and a useful degraded answer (a stale product, an empty page for this user) needs
 * the error and the call's arguments. Like cockatiel's, it only ever runs on failure: a
 * successful result, including a stale value a cache already chose to serve, passes untouched.
 * @publicApi
 */
export class FallbackHandler {
  private readonly on: (error: unknown) => boolean;

  constructor(
    private readonly source: FallbackSource,
    options: FallbackOptions = {},
  ) {
    this.on = options.on ?? ((error) => !isClientError(error));
  }

  /** Whether `error` should be answered with the fallback. */
  handles(error: unknown): boolean {
    return this.on(error);
  }

  /** Produces the fallback answer for `error`. */
  async resolve(error: unknown, args: readonly unknown[], instance?: object): Promise<unknown> {
    const source = this.source;
    if (typeof source === 'function') return source.call(instance, error, ...args);
    if (typeof source === 'string') return this.callMethod(source, instance, error, args);
    return source.value;
  }

  private callMethod(
    name: string,
    instance: object | undefined,
    error: unknown,
    args: readonly unknown[],
  ): unknown {
    const method: unknown = instance ? Reflect.get(instance, name) : undefined;
    if (typeof method !== 'function') {
      throw new TypeError(`@Fallback('${name}'): no such method on ${instance?.constructor.name}`);
    }
    return method.call(instance, error, ...args);
  }
}

/**
 * cockatiel's fallback with our default filter, for programmatic use where the fallback needs
 * neither the error nor the arguments.
 * @example const orEmpty = fallbackPolicy(() => []); await orEmpty.execute(() => listOrders());
 * @publicApi
 */
export function fallbackPolicy<R>(
  valueOrFactory: R | (() => R | Promise<R>),
  options: FallbackOptions = {},
): FallbackPolicy<R> {
  return fallback(handleWhen(options.on ?? ((error) => !isClientError(error))), valueOrFactory);
}
