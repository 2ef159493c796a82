import { startTracing, TracingConfigError } from '@bulwark/observability';

/*
 * The shop's first import (see main.ts): instrumentation patches `http`, `express` and `pg` as
 * they are loaded, so it must be in place before the app's modules load them. With
 * OTEL_EXPORTER_OTLP_ENDPOINT unset this registers nothing.
 */
try {
  startTracing(process.env);
} catch (err) {
  if (!(err instanceof TracingConfigError)) throw err;
  // Same contract as the app's own configuration errors: one line, non-zero exit.
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
