import { Duration } from '@bulwark/common';
import { BulkheadOptions } from '../policies/bulkhead';
import { FallbackOptions, FallbackSource } from '../policies/fallback';
import { RetryOptions } from '../policies/retry';
import { RESILIENCE_METADATA } from '../resilience.constants';
import { SkipExpiredOptions } from './skip-expired.decorator';

/** Everything the decorators put on one method. @internal */
export interface MethodResilience {
  /** Own budget; `null` means "the module's `defaultTimeout`". */
  timeout?: Duration | null;
  fallback?: { source: FallbackSource; options: FallbackOptions };
  bulkhead?: BulkheadOptions;
  retry?: RetryOptions;
  breaker?: string;
  skipExpired?: SkipExpiredOptions;
}

/** Reads the resilience metadata of a handler or provider method; undefined if it has none. */
export function readResilience(method: object): MethodResilience | undefined {
  const spec: MethodResilience = {};
  let found = false;
  for (const [field, key] of Object.entries(RESILIENCE_METADATA)) {
    const value: unknown = Reflect.getMetadata(key, method);
    if (value === undefined) continue;
    Object.assign(spec, { [field]: value });
    found = true;
  }
  return found ? spec : undefined;
}
