import { metricsRegistry, toMs } from '@bulwark/common';
import {
  AdmissionOptions,
  DependencyOptions,
  ResilienceModuleOptions,
} from './interfaces/resilience-options.interface';
import { BreakerOptions } from './policies/circuit-breaker';
import { BulkheadOptions } from './policies/bulkhead';
import { RetryOptions } from './policies/retry';
import {
  ADMISSION_BUSY_UTILIZATION,
  ADMISSION_DECREASE_WINDOW_MS,
  ADMISSION_DEFAULT_EXEMPT,
  ADMISSION_DEFAULT_INTERVAL_MS,
  ADMISSION_DEFAULT_TARGET_MS,
  ADMISSION_INCREASE_PER_S,
  ADMISSION_MIN_ADMIT_RATIO,
  ADMISSION_SAMPLE_PERIOD_MS,
  ADMISSION_SLICE_MS,
  KNOWN_DEPENDENCIES,
  RESILIENCE_DEFAULT_RETRY_AFTER_S,
  RESILIENCE_DEFAULT_TIMEOUT_MS,
} from './resilience.constants';

/** A dependency's options with durations parsed and defaults filled. @internal */
export interface ResolvedDependency {
  readonly timeoutMs: number;
  readonly breaker: BreakerOptions;
  readonly bulkhead?: BulkheadOptions;
  readonly retry?: RetryOptions;
}

/** Fills a dependency's defaults; used for listed and for lazily created dependencies. */
export function resolveDependency(
  raw: DependencyOptions = {},
  defaultTimeoutMs = RESILIENCE_DEFAULT_TIMEOUT_MS,
): ResolvedDependency {
  return Object.freeze({
    timeoutMs: raw.timeout === undefined ? defaultTimeoutMs : toMs(raw.timeout, 'timeout'),
    breaker: raw.breaker ?? {},
    bulkhead: raw.bulkhead,
    retry: raw.retry,
  });
}

/** Admission options with durations parsed and defaults filled. */
export function resolveAdmission(raw: AdmissionOptions = {}, retryAfterMs: number) {
  return Object.freeze({
    enabled: raw.enabled ?? true,
    targetMs: toMs(raw.target ?? ADMISSION_DEFAULT_TARGET_MS, 'admission.target'),
    intervalMs: toMs(raw.interval ?? ADMISSION_DEFAULT_INTERVAL_MS, 'admission.interval'),
    exempt: Object.freeze([...(raw.exempt ?? ADMISSION_DEFAULT_EXEMPT)]),
    retryAfterSeconds: Math.max(
      1,
      Math.ceil(toMs(raw.retryAfter ?? retryAfterMs, 'admission.retryAfter') / 1000),
    ),
    busyUtilization: ADMISSION_BUSY_UTILIZATION,
    samplePeriodMs: ADMISSION_SAMPLE_PERIOD_MS,
    sliceMs: ADMISSION_SLICE_MS,
    decreaseWindowMs: ADMISSION_DECREASE_WINDOW_MS,
    increasePerSecond: ADMISSION_INCREASE_PER_S,
    minAdmitRatio: ADMISSION_MIN_ADMIT_RATIO,
  });
}

/** Admission control's resolved options. @internal */
export type ResolvedAdmission = ReturnType<typeof resolveAdmission>;

/**
 * Parses durations and fills defaults once, at module start; everything else reads only the
 * result. A malformed duration throws here, stopping the app with the option's name.
 */
export function resolveResilienceOptions(raw: ResilienceModuleOptions = {}) {
  const defaultTimeoutMs = toMs(
    raw.defaultTimeout ?? RESILIENCE_DEFAULT_TIMEOUT_MS,
    'defaultTimeout',
  );
  const dependencies: Record<string, ResolvedDependency> = {};
  for (const name of [...KNOWN_DEPENDENCIES, ...Object.keys(raw.dependencies ?? {})]) {
    dependencies[name] = resolveDependency(raw.dependencies?.[name], defaultTimeoutMs);
  }
  const retryAfterMs = toMs(
    raw.retryAfter ?? RESILIENCE_DEFAULT_RETRY_AFTER_S * 1000,
    'retryAfter',
  );
  return Object.freeze({
    dependencies: Object.freeze(dependencies),
    defaultTimeoutMs,
    requestTimeoutMs:
      raw.requestTimeout === undefined ? Infinity : toMs(raw.requestTimeout, 'requestTimeout'),
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    // A refusal says "come back" like a full bulkhead does: same Retry-After unless set apart.
    admission: resolveAdmission(raw.admission, retryAfterMs),
    registry: metricsRegistry(raw.registry),
  });
}

/** The module's options after {@link resolveResilienceOptions}. @publicApi */
export type ResolvedResilienceOptions = ReturnType<typeof resolveResilienceOptions>;
