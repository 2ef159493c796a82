/** A started (or deliberately not started) tracing setup. */
export interface TracingHandle {
  /** True when an SDK is registered and exporting. */
  readonly enabled: boolean;
  /** One line for the start-up log: where spans go, or why there are none. */
  readonly description: string;
  /** Exports the spans still buffered, then stops the SDK; idempotent. */
  shutdown(): Promise<void>;
}

/** The handle when tracing is off: nothing was registered, so there is nothing to stop. */
export const TRACING_OFF: TracingHandle = Object.freeze({
  enabled: false,
  description: 'off (OTEL_EXPORTER_OTLP_ENDPOINT unset)',
  shutdown: () => Promise.resolve(),
});
