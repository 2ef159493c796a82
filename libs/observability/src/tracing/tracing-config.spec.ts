import { DEFAULT_SERVICE_NAME, resolveTracingConfig, TracingConfigError } from './tracing-config';

describe('resolveTracingConfig', () => {
  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT, even with a traces endpoint', () => {
    expect(resolveTracingConfig({})).toEqual({ enabled: false });
    expect(resolveTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toEqual({ enabled: false });
    expect(
      resolveTracingConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }),
    ).toEqual({ enabled: false });
  });

  it('is off when OTEL_SDK_DISABLED is true', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'TRUE' };
    expect(resolveTracingConfig(env)).toEqual({ enabled: false });
  });

  it('appends /v1/traces to the base endpoint and defaults the service name', () => {
    expect(resolveTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toEqual({
      enabled: true,
      serviceName: DEFAULT_SERVICE_NAME,
      tracesUrl: 'http://c:4318/v1/traces',
    });
  });

  it('uses the traces endpoint as is and OTEL_SERVICE_NAME', () => {
    const config = resolveTracingConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://other/custom',
      OTEL_SERVICE_NAME: 'shop-eu',
    });
    expect(config).toEqual({
      enabled: true,
      serviceName: 'shop-eu',
      tracesUrl: 'https://other/custom',
    });
  });

  it('names the variable of a malformed URL', () => {
    expect(() => resolveTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      new TracingConfigError(
        'Invalid configuration: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL (got "collector:4318")',
      ),
    );
    expect(() => resolveTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(
      TracingConfigError,
    );
  });

  it('reads the sampler and the batch processor variables the 3.x trace SDK no longer reads', () => {
    const config = resolveTracingConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_TRACES_SAMPLER: 'ParentBased_TraceIdRatio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_BSP_SCHEDULE_DELAY: '1000',
      OTEL_BSP_MAX_QUEUE_SIZE: '4096',
    });
    expect(config).toEqual({
      enabled: true,
      serviceName: DEFAULT_SERVICE_NAME,
      tracesUrl: 'http://c:4318/v1/traces',
      sampler: { name: 'parentbased_traceidratio', ratio: 0.25 },
      batch: { scheduledDelayMillis: 1000, maxQueueSize: 4096 },
    });
    const always = resolveTracingConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_TRACES_SAMPLER: 'always_off',
    });
    expect(always.enabled && always.sampler).toEqual({ name: 'always_off', ratio: 1 });
  });

  it('names the variable of a bad sampler, ratio or batch setting', () => {
    const base = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' };
    expect(() => resolveTracingConfig({ ...base, OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(
      /OTEL_TRACES_SAMPLER must be one of always_on, .* \(got "sometimes"\)/,
    );
    expect(() =>
      resolveTracingConfig({
        ...base,
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '1.5',
      }),
    ).toThrow('OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "1.5")');
    expect(() => resolveTracingConfig({ ...base, OTEL_BSP_EXPORT_TIMEOUT: '5s' })).toThrow(
      'OTEL_BSP_EXPORT_TIMEOUT must be a non-negative integer (got "5s")',
    );
  });
});
