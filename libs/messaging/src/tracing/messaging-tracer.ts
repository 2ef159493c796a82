import { lazyOptionalPeer } from '@bulwark/common';
import type { Span, Tracer } from '@opentelemetry/api';

const TRACER_NAME = '@bulwark/messaging';

/**
 * The OpenTelemetry API, an optional peer: loaded when a module is built or a row is written,
 * never on import; `undefined` when it is not installed, and then nothing is traced.
 * @internal
 */
export const otel = lazyOptionalPeer(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  () => require('@opentelemetry/api') as typeof import('@opentelemetry/api'),
  '@opentelemetry/api',
);

/** The messaging library's tracer and the API it came from. @internal */
export interface MessagingTracing {
  readonly tracer: Tracer;
  readonly api: typeof import('@opentelemetry/api');
}

/**
 * The messaging library's tracer, or `undefined` when no tracer provider is registered (or the
 * API is not installed). Callers ask once, when they are built (apps register their SDK before
 * building modules), and keep the untraced code path when it is `undefined`: per-message cost
 * with tracing off is then nil.
 * @internal
 */
export function messagingTracer(): MessagingTracing | undefined {
  const api = otel();
  const tracer = api?.trace.getTracer(TRACER_NAME);
  // Without a registered provider the API hands out a ProxyTracer that would only ever make
  // non-recording spans.
  return api && tracer && !(tracer instanceof api.ProxyTracer) ? { tracer, api } : undefined;
}

/**
 * Ends `span` after `work` settles, marking it failed on a rejection (which is passed on).
 * `api` is the one the span came from.
 */
export async function endAfter<T>(
  { api }: MessagingTracing,
  span: Span,
  work: Promise<T>,
): Promise<T> {
  try {
    return await work;
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: api.SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
