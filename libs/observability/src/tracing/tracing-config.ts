/** Service name reported when `OTEL_SERVICE_NAME` is unset. */
export const DEFAULT_SERVICE_NAME = 'bulwark-shop';

/** The samplers `OTEL_TRACES_SAMPLER` names (OpenTelemetry's environment specification). */
export const SAMPLER_NAMES = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];

/** `OTEL_TRACES_SAMPLER` and, for the ratio samplers, `OTEL_TRACES_SAMPLER_ARG` (default 1). */
export interface SamplerConfig {
  readonly name: SamplerName;
  readonly ratio: number;
}

/** `OTEL_BSP_*`: each unset one keeps the SDK's default. */
export interface BatchConfig {
  readonly scheduledDelayMillis?: number;
  readonly exportTimeoutMillis?: number;
  readonly maxQueueSize?: number;
  readonly maxExportBatchSize?: number;
}

/** What `startTracing` needs, read from the standard OpenTelemetry variables. */
export type TracingConfig =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      readonly serviceName: string;
      /** Full URL spans are POSTed to (OTLP/HTTP JSON), e.g. `http://collector:4318/v1/traces`. */
      readonly tracesUrl: string;
      /** Unset: the SDK's default, parent-based always-on. */
      readonly sampler?: SamplerConfig;
      readonly batch?: BatchConfig;
    };

/** The `OTEL_BSP_*` variables and the option of the batch span processor each sets. */
const BATCH_VARIABLES: ReadonlyArray<readonly [string, keyof BatchConfig]> = [
  ['OTEL_BSP_SCHEDULE_DELAY', 'scheduledDelayMillis'],
  ['OTEL_BSP_EXPORT_TIMEOUT', 'exportTimeoutMillis'],
  ['OTEL_BSP_MAX_QUEUE_SIZE', 'maxQueueSize'],
  ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 'maxExportBatchSize'],
];

/** Thrown for a malformed variable; the message names it, like the app's own env validation. */
export class TracingConfigError extends Error {
  override readonly name = 'TracingConfigError';
}

/**
 * Tracing is on only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (and `OTEL_SDK_DISABLED` is not
 * `true`): without a collector there is nobody to read spans, so no SDK should cost anything.
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` refines the URL as the OTLP specification says (used as is,
 * where the base endpoint gets `/v1/traces` appended), but does not switch tracing on by itself.
 *
 * OpenTelemetry JS 3 moved reading `OTEL_TRACES_SAMPLER(_ARG)` and `OTEL_BSP_*` out of the trace
 * SDK into `@opentelemetry/sdk-node`, which would bring metrics, logs, gRPC and Zipkin exporters
 * along; these are read here instead, so the variables keep working as they did on the 2.x SDK.
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
  const sampler = samplerOf(env);
  const batch: { -readonly [K in keyof BatchConfig]: number } = {};
  for (const [name, option] of BATCH_VARIABLES) {
    const value = env[name]?.trim();
    if (value) batch[option] = nonNegativeInteger(name, value);
  }
  return {
    enabled: true,
    serviceName,
    tracesUrl,
    ...(sampler && { sampler }),
    ...(Object.keys(batch).length > 0 && { batch }),
  };
}

function samplerOf(env: Readonly<Record<string, string | undefined>>): SamplerConfig | undefined {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  if (!name) return undefined;
  if (!(SAMPLER_NAMES as readonly string[]).includes(name)) {
    throw new TracingConfigError(
      `Invalid configuration: OTEL_TRACES_SAMPLER must be one of ${SAMPLER_NAMES.join(', ')} (got "${name}")`,
    );
  }
  const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  const ratio = arg ? Number(arg) : 1;
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new TracingConfigError(
      `Invalid configuration: OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "${arg}")`,
    );
  }
  return { name: name as SamplerName, ratio };
}

function nonNegativeInteger(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new TracingConfigError(
      `Invalid configuration: ${name} must be a non-negative integer (got "${value}")`,
    );
  }
  return n;
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
