import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The route the warm-up requests: served by the whole request path, without a dependency. */
const WARM_UP_URL = '/health/live';
/** Requests in flight at a time: a few ms of work between two idle moments of the loop. */
const WARM_UP_CONCURRENCY = 10;
/**
 * Share of each batch's time the loop then idles. Admission control takes a loop that never idles
 * (utilisation ≥ 0.95) and runs late for an overloaded one and starts refusing requests: after a
 * warm-up on a busy machine, the first ones would get 503s.
 */
const IDLE_SHARE = 0.1;

/**
 * Runs `requests` GETs of `/health/live` through the app in-process (Fastify's `inject`, no
 * socket) before it listens, so V8 has run — and optimised — the request path (Fastify's routing
 * and hooks, Nest's router, interceptors and their RxJS, the request log and metrics hooks,
 * serialisation) before the first client arrives. Why: a fresh process serves its first bursts
 * with that code unoptimised. In the 2-process stale-while-revalidate burst (500 simultaneous
 * reads, 2 shared cores, 5 runs each way, interleaved) a shop at its third burst of 250 spent
 * 90–170 ms of CPU on it and the burst's p99 was 86–272 ms (median 114); with this warm-up
 * 50–90 ms and 57–102 ms (median 75); after 20 bursts of real traffic instead, 45–52 ms
 * (2026-12-05). It costs ~1 s of CPU at start. Returns how long it took, ms.
 *
 * The warm-up's requests are counted in `http_request_duration_seconds{route="/health/live"}`.
 */
export async function warmUpRequestPath(
  app: NestFastifyApplication,
  requests: number,
): Promise<number> {
  const begun = performance.now();
  if (requests <= 0) return 0;
  // Routes are registered by init(); listen() does not init twice.
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  for (let sent = 0; sent < requests; sent += WARM_UP_CONCURRENCY) {
    const started = performance.now();
    const batch = Math.min(WARM_UP_CONCURRENCY, requests - sent);
    await Promise.all(
      Array.from({ length: batch }, () => fastify.inject({ method: 'GET', url: WARM_UP_URL })),
    );
    const idleMs = Math.max(1, (performance.now() - started) * IDLE_SHARE);
    await new Promise((resolve) => setTimeout(resolve, idleMs));
  }
  return performance.now() - begun;
}
