import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { SamplerConfig, TracingConfig } from './tracing-config';
import type { TracingHandle } from './tracing-handle';

/** Paths whose requests are not worth a trace: probes and scrapes arrive every few seconds. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Registers the SDK globally and patches http, express and pg. Loaded only through
 * `startTracing` when tracing is on, so a process without a collector never even loads these
 * modules. Must run before `http`, `express` and `pg` are first required.
 */
export function startTracingSdk(config: Extract<TracingConfig, { enabled: true }>): TracingHandle {
  // Nest 12 is ESM and imports express (CommonJS) from ESM, which bypasses the require hook the
  // instrumentations use; the ESM loader hook sees that import. Limited to express so every other
  // module loads untouched.
  register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(__filename), {
    data: { include: ['express'] },
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    ...(config.sampler && { sampler: samplerFor(config.sampler) }),
    spanProcessors: [
      new BatchSpanProcessor({
        ...config.batch,
        exporter: new OTLPTraceExporter({ url: config.tracesUrl }),
      }),
    ],
  });
  // What NodeTracerProvider.register() did before OpenTelemetry JS 3 removed it: the global
  // provider, an AsyncLocalStorage context manager and the W3C trace-context + baggage propagator.
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? ''),
        // The exporter's own POSTs would otherwise be traced and exported, forever.
        ignoreOutgoingRequestHook: (req) =>
          req.path?.startsWith(new URL(config.tracesUrl).pathname) ?? false,
      }),
      new ExpressInstrumentation(),
      // Only queries made inside a traced operation: the outbox relay polls every 200 ms and each
      // poll would otherwise be a trace of its own.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    description: `OTLP/HTTP JSON to ${config.tracesUrl} as service "${config.serviceName}"`,
    shutdown() {
      stopping ??= provider.shutdown().finally(unregister);
      return stopping;
    },
  };
}

function samplerFor({ name, ratio }: SamplerConfig): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}
