import { context, ProxyTracer, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { startTracing, TRACING_OFF } from '@bulwark/observability';
import { CacheTestKit } from '../cache/cache-test-kit';

describe('Tracing > off in-process without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  const kit = new CacheTestKit();
  afterAll(() => kit.cleanup());

  it('starts no SDK: the global tracer is the API proxy, its spans record nothing', () => {
    const handle = startTracing({ OTEL_SERVICE_NAME: 'ignored' });
    expect(handle).toBe(TRACING_OFF);
    expect(handle.enabled).toBe(false);
    const tracer = trace.getTracer('probe');
    expect(tracer).toBeInstanceOf(ProxyTracer);
    const span = tracer.startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(context.active()).toBe(ROOT_CONTEXT);
  });

  it('keeps cache reads out of any span context (no SDK spans are made on the read path)', async () => {
    const cache = await kit.cache();
    let active: unknown = 'unset';
    await cache.getOrSet('k', async () => {
      active = trace.getActiveSpan();
      return 1;
    });
    expect(active).toBeUndefined();
  });
});
