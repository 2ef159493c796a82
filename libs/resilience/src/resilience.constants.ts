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

// Admission control defaults, chosen with `npm run bench:overload`, 1,000-GET bursts on fresh
// connections over 2 and 4 shop processes, and the loop model (admission/loop-model.ts) at 0.4 ms
// a served request and 0.04 ms a refusal, where the figures below come from.
/**
 * Event-loop delay treated as queueing. A refused request waits in the kernel about as long as
 * the sampling timer, so this sets the 503 latency in steady overload: p99 ~22 ms at 5, ~31 at
 * 10, ~43 at 20 (2x load), for 0.79 / 0.81 / 0.83 of capacity as goodput. Below 10 a closed loop
 * of 50 clients (50 x 100-400 µs a turn) or a GC pause on a busy turn starts counting as overload.
 */
export const ADMISSION_DEFAULT_TARGET_MS = 10;
/**
 * CPU time the process must spend overloaded before shedding. A 1,000-request burst costs one
 * shop ~0.1-0.25 s of CPU on Fastify (100-250 µs a request here, fresh connections included), so
 * 500 ms serves it with room; at 1 s the backlog built before shedding, which is answered late
 * either way, doubles (and on a shared CPU, wall time stretches it further).
 */
export const ADMISSION_DEFAULT_INTERVAL_MS = 500;
/** Probes and scrapes must answer while shedding; operators need `/admin` most then. */
export const ADMISSION_DEFAULT_EXEMPT: readonly string[] = ['/health/', '/metrics', '/admin'];
/**
 * Event-loop utilization from which the loop counts as never idle. Saturated by its own queue it
 * reads 0.99-1.0 (epoll always has data); a loop that idles 5 % of the time emptied its queue.
 */
export const ADMISSION_BUSY_UTILIZATION = 0.95;
/**
 * Loop time per turn spent starting new requests (see RequestPacer). Short enough that a request
 * needing four dependency round trips during a burst finishes in ~4 turns of this plus the poll
 * phase (~40 ms, not ~0.5 s); long enough that the extra turns cost nothing measurable (a turn is
 * one epoll_wait and one setImmediate).
 */
export const ADMISSION_SLICE_MS = 5;
/** Sampler period: resolution for a 10 ms target at 100 cheap wake-ups a second. */
export const ADMISSION_SAMPLE_PERIOD_MS = 10;
/**
 * At twice the target the admit ratio halves in this time: about the 5-10 loop turns a cut needs
 * to show in the delay. At 50 the model sheds at 1x load (0.89 of capacity served, 0.93 at 100);
 * at 200 the 503 p99 grows (36 ms, 31 at 100).
 */
export const ADMISSION_DECREASE_WINDOW_MS = 100;
/**
 * Admit ratio regained per second while the server keeps up: from the floor to 1 in a second once
 * the queue drained. In the model 0.5 serves 0.90 of capacity at 1x (0.93 at 1); 2 raises the
 * 503 p99 at 2x to 35 ms.
 */
export const ADMISSION_INCREASE_PER_S = 1;
/** Floor of the admit ratio: a few requests keep probing, so recovery never depends on a timer. */
export const ADMISSION_MIN_ADMIT_RATIO = 0.01;

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
