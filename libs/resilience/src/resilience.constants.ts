/** Default budget of a route or method marked `@Timeout()` without an argument. */
export const RESILIENCE_DEFAULT_TIMEOUT_MS = 1_000;
/** Default `Retry-After` (seconds) sent with 503 answers for an open breaker or a full bulkhead. */
export const RESILIENCE_DEFAULT_RETRY_AFTER_S = 1;
/** Default breaker: five consecutive failures open it for five seconds. */
export const RESILIENCE_DEFAULT_BREAKER_THRESHOLD = 5;
/** Default time a breaker stays open before a half-open probe. */
export const RESILIENCE_DEFAULT_OPEN_MS = 5_000;
/** Default bulkhead queue length when `@Bulkhead(limit)` names none. */
export const RESILIENCE_DEFAULT_BULKHEAD_QUEUE = 0;
/** Default retry: three attempts, full jitter between 0 and 50·2^n ms, at most 1 s. */
export const RESILIENCE_DEFAULT_RETRY_ATTEMPTS = 3;
/** Cap of the first retry delay (full jitter picks a delay below it). */
export const RESILIENCE_DEFAULT_RETRY_INITIAL_MS = 50;
/** Largest retry delay. */
export const RESILIENCE_DEFAULT_RETRY_MAX_MS = 1_000;
/** Upper bound on a send timeout derived for kafkajs when no deadline is set (kafkajs' own default). */
export const RESILIENCE_DEFAULT_KAFKA_TIMEOUT_MS = 30_000;

// Admission control defaults; measured with `npm run bench:overload` and the fleet burst test.
/** Event-loop delay treated as queueing. */
export const ADMISSION_DEFAULT_TARGET_MS = 10;
/** How long the delay must stay above target before shedding. */
export const ADMISSION_DEFAULT_INTERVAL_MS = 1_000;
/** Paths never refused. */
export const ADMISSION_DEFAULT_EXEMPT: readonly string[] = ['/health/', '/metrics', '/admin'];
/** Event-loop utilization from which the loop counts as never idle. */
export const ADMISSION_BUSY_UTILIZATION = 0.95;
/** Period of the event-loop delay sampler. */
export const ADMISSION_SAMPLE_PERIOD_MS = 10;
/** At twice the target the admit ratio halves in this time. */
export const ADMISSION_DECREASE_WINDOW_MS = 100;
/** Admit ratio regained per second while the delay is below target. */
export const ADMISSION_INCREASE_PER_S = 1;
/** Floor of the admit ratio. */
export const ADMISSION_MIN_ADMIT_RATIO = 0.01;

/** Incoming HTTP header: the caller's absolute deadline, epoch ms. Shortens the route's budget. */
export const REQUEST_DEADLINE_HEADER = 'x-request-deadline';
/** Incoming HTTP header: the caller's remaining budget in ms. */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout';
/** Header carrying the absolute deadline (epoch ms) on outgoing messages. */
export const MESSAGE_DEADLINE_HEADER = 'x-deadline';

/** Dependencies the shop names; any other string works too (e.g. one per outbound HTTP host). */
export const KNOWN_DEPENDENCIES = ['postgres', 'redis', 'kafka'] as const;

/** Reflect-metadata keys written by the decorators. @internal */
export const RESILIENCE_METADATA = {
  timeout: 'bulwark:resilience:timeout',
  fallback: 'bulwark:resilience:fallback',
  bulkhead: 'bulwark:resilience:bulkhead',
  retry: 'bulwark:resilience:retry',
  breaker: 'bulwark:resilience:breaker',
  skipExpired: 'bulwark:resilience:skip-expired',
} as const;

/** Names of the Prometheus metrics this lib registers. */
export const RESILIENCE_METRICS = {
  breakerState: 'bulwark_resilience_breaker_state',
  timeouts: 'bulwark_resilience_timeouts_total',
  bulkheadRejections: 'bulwark_resilience_bulkhead_rejections_total',
  fallbacks: 'bulwark_resilience_fallbacks_total',
  retries: 'bulwark_resilience_retries_total',
  expiredSkipped: 'bulwark_resilience_expired_skipped_total',
  admissionShed: 'bulwark_resilience_admission_shed_total',
  admissionShedding: 'bulwark_resilience_admission_shedding',
  admissionRatio: 'bulwark_resilience_admission_admit_ratio',
} as const;
