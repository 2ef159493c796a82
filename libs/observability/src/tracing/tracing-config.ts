/** Service name reported when `OTEL_SERVICE_NAME` is unset. */
export const DEFAULT_SERVICE_NAME = 'bulwark-shop';

/** What `startTracing` needs, read from the standard OpenTelemetry variables. */
export type TracingConfig =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      readonly serviceName: string;
      /** Full URL spans are POSTed to (OTLP/HTTP JSON), e.g. `http://collector:4318/v1/traces`. */
      readonly tracesUrl: string;
    };

/** Thrown for a malformed variable; the message names it, like the app's own env validation. */
export class TracingConfigError extends Error {
  override readonly name = 'TracingConfigError';
}

/**
 * Tracing is on only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (and `OTEL_SDK_DISABLED` is not
 * `true`): without a collector there is nobody to read spans, so no SDK should cost anything.
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` refines the URL as the OTLP specification says (used as is,
 * where the base endpoint gets `/v1/traces` appended), but does not switch tracing on by itself.
 */
export function resolveTracingConfig(
  env: Readonly<Record<string, string | undefined>>,
): TracingConfig {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!endpoint || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true')
    return { enabled: false };
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const tracesUrl = specific
    ? httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific)
    : `${httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', endpoint).replace(/\/+$/, '')}/v1/traces`;
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || DEFAULT_SERVICE_NAME;
  return { enabled: true, serviceName, tracesUrl };
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TracingConfigError(
      `Invalid configuration: ${name} must be an http(s) URL (got "${value}")`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TracingConfigError(
      `Invalid configuration: ${name} must be an http(s) URL (got "${value}")`,
    );
  }
  return value;
}
