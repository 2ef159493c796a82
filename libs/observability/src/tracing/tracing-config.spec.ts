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
});
