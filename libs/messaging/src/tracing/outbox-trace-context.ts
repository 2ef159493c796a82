import { otel } from './messaging-tracer';

/**
 * Adds the active trace context (W3C `traceparent`, `tracestate`) to an outbox row's headers, so
 * the relay's publish, which happens later in another async context, continues the trace of the
 * request that wrote the row. Returns `headers` untouched when nothing is being traced: no
 * registered SDK (or no `@opentelemetry/api` installed), or no recording span in this context.
 * @internal
 */
export function withTraceContext<H extends Record<string, string>>(headers: H): H {
  const api = otel();
  if (!api?.trace.getActiveSpan()?.isRecording()) return headers;
  api.propagation.inject(api.context.active(), headers);
  return headers;
}

/**
 * The active trace context as outbox headers (`traceparent`, `tracestate`), for code that writes
 * outbox rows itself (a batched INSERT) rather than through `OutboxService.add`: capture it in the
 * request's context, store it with the row, and the relay's publish continues that trace. Empty
 * when nothing is being traced.
 * @publicApi
 */
export function traceContextHeaders(): Record<string, string> {
  return withTraceContext({});
}
