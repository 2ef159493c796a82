export { startTracing, activeTracing } from './start-tracing';
export { TracingModule } from './tracing.module';
export { resolveTracingConfig, TracingConfigError, DEFAULT_SERVICE_NAME } from './tracing-config';
export type { TracingConfig } from './tracing-config';
export { TRACING_OFF, type TracingHandle } from './tracing-handle';
