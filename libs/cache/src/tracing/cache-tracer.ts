import { lazyOptionalPeer } from '@bulwark/common';
import type { Span, Tracer } from '@opentelemetry/api';
import type { CacheResult, CacheState } from '../get-or-set/cache-stack';

const TRACER_NAME = '@bulwark/cache';

/** The OpenTelemetry API, an optional peer: without it the cache makes no spans. */
const otel = lazyOptionalPeer(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  () => require('@opentelemetry/api') as typeof import('@opentelemetry/api'),
  '@opentelemetry/api',
);

/** What answered a read, as the `cache.tier` span attribute. */
export type CacheTier = 'l1' | 'l2' | 'loader' | 'stale' | 'bloom-reject';

const TIER_OF: Readonly<Record<CacheState, CacheTier>> = {
  l1: 'l1',
  l2: 'l2',
  miss: 'loader',
  stale: 'stale',
  rejected: 'bloom-reject',
};

/**
 * Spans for cache reads, through the OpenTelemetry API only (the app decides whether an SDK is
 * registered). Whether one is registered is decided once, when the cache is built, so that with
 * tracing off a read pays one boolean check and nothing else: no span object, no closure, no
 * context switch. Apps register their SDK before building modules (see `startTracing`); without
 * `@opentelemetry/api` installed there is no SDK either, and tracing is off.
 * @internal
 */
export class CacheTracer {
  /** True when a tracer provider was registered before this cache was built. */
  readonly enabled: boolean;
  readonly #tracer: Tracer | undefined;

  constructor(private readonly namespace: string) {
    const api = otel();
    this.#tracer = api?.trace.getTracer(TRACER_NAME);
    // Without a registered provider the API hands out a ProxyTracer that would only ever make
    // non-recording spans.
    this.enabled = api !== undefined && !(this.#tracer instanceof api.ProxyTracer);
  }

  /**
   * Runs one read inside a `cache.get` span, so the loader's own spans (the Postgres query)
   * become its children, and tags it with the tier that answered.
   */
  read<T>(key: string, run: () => Promise<CacheResult<T>>): Promise<CacheResult<T>> {
    const tracer = this.#tracer;
    if (!tracer) return run();
    const attributes = { 'cache.namespace': this.namespace, 'cache.key': key };
    return tracer.startActiveSpan('cache.get', { attributes }, async (span) => {
      try {
        const result = await run();
        span.setAttribute('cache.tier', TIER_OF[result.state]);
        span.setAttribute('cache.hit', result.state === 'l1' || result.state === 'l2');
        return result;
      } catch (error) {
        fail(span, error);
        throw error;
      } finally {
        span.end();
      }
    });
  }
}

/**
 * Wraps a wait for another instance's load (the fleet lock is held elsewhere) in a
 * `cache.lock_wait` child span of the current read. Waiting is the cold path, so the check for a
 * recording parent span costs nothing that matters; without one it just runs the wait.
 */
export function traceLockWait<T>(key: string, wait: () => Promise<T>): Promise<T> {
  const api = otel();
  if (!api?.trace.getActiveSpan()?.isRecording()) return wait();
  const { context, trace } = api;
  const tracer = trace.getTracer(TRACER_NAME);
  const span = tracer.startSpan('cache.lock_wait', { attributes: { 'cache.key': key } });
  return context.with(trace.setSpan(context.active(), span), async () => {
    try {
      return await wait();
    } catch (error) {
      fail(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

function fail(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  // There is a span, so the API is loaded.
  span.setStatus({ code: otel()!.SpanStatusCode.ERROR });
}
