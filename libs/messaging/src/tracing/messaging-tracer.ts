import { ProxyTracer, type Span, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';

const TRACER_NAME = '@bulwark/messaging';

/**
 * The messaging library's tracer, or `undefined` when no tracer provider is registered. Callers
 * ask once, when they are built (apps register their SDK before building modules), and keep the
 * untraced code path when it is `undefined`: per-message cost with tracing off is then nil.
 * @internal
 */
export function messagingTracer(): Tracer | undefined {
  const tracer = trace.getTracer(TRACER_NAME);
  // Without a registered provider the API hands out a ProxyTracer that would only ever make
  // non-recording spans.
  return tracer instanceof ProxyTracer ? undefined : tracer;
}

/** Ends `span` after `work` settles, marking it failed on a rejection (which is passed on). */
export async function endAfter<T>(span: Span, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
