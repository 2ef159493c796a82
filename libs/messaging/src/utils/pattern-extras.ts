import { PATTERN_EXTRAS_METADATA } from '@nestjs/microservices/constants';

/**
 * Merges `patch` into a handler's pattern extras. `@EventPattern` merges its own extras the same
 * way, so Bulwark's decorators and Nest's can be stacked in any order; the transport receives the
 * result as `handler.extras` at `listen()`.
 */
export function mergePatternExtras(handler: object, patch: Record<string, unknown>): void {
  const current = (Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler) ?? {}) as object;
  Reflect.defineMetadata(PATTERN_EXTRAS_METADATA, { ...current, ...patch }, handler);
}

/** One entry of the extras a transport received with a handler (`handler.extras`), if present. */
export function readPatternExtra<T>(extras: unknown, key: string): T | undefined {
  if (typeof extras !== 'object' || extras === null) return undefined;
  return (extras as Record<string, T | undefined>)[key];
}
