import { resolveTracingConfig } from './tracing-config';
import { TRACING_OFF, type TracingHandle } from './tracing-handle';

let active: TracingHandle = TRACING_OFF;

/**
 * Starts OpenTelemetry tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` is set; otherwise registers
 * nothing and loads no SDK module, so the OpenTelemetry API stays the no-op it is by default.
 * Call it before anything requires `http`, `express` or `pg` (an app's first import).
 * Throws `TracingConfigError` for a malformed endpoint. A second call returns the first handle.
 */
export function startTracing(
  env: Readonly<Record<string, string | undefined>> = process.env,
): TracingHandle {
  if (active.enabled) return active;
  const config = resolveTracingConfig(env);
  if (!config.enabled) return TRACING_OFF;
  // Required lazily (not imported) so that with tracing off the SDK, exporter and
  // instrumentations are never loaded: a static import would load them for every app.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./tracing-sdk') as typeof import('./tracing-sdk');
  active = sdk.startTracingSdk(config);
  return active;
}

/** The handle `startTracing` returned (the off handle if it never started an SDK). */
export function activeTracing(): TracingHandle {
  return active;
}
