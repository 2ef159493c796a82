/**
 * A burst of simultaneous `fetch()` requests (GETs unless told otherwise), run as its own process by {@link runBurst}: a fresh
 * process has an empty connection pool, so undici opens one new connection per request (as a
 * flash crowd does), never autocannon's pre-opened ones or a previous burst's idle sockets.
 * Prints one JSON line ({@link BurstResult}).
 *
 *   BURST_URLS=http://a/products/1,http://b/products/1 BURST_REQUESTS=1000 node … burst-client.ts
 *   (optional: BURST_METHOD=POST BURST_BODY='{"productId":1,"quantity":1}' BURST_HEADERS='{"x-request-timeout":"500"}')
 */
import type { BurstResult } from './fleet-burst';
import { percentileMs } from './percentile';

/** The request each of the burst sends: a GET unless BURST_METHOD / BURST_BODY / BURST_HEADERS say otherwise. */
const init: RequestInit = {
  method: process.env.BURST_METHOD ?? 'GET',
  body: process.env.BURST_BODY,
  headers: {
    ...(process.env.BURST_BODY === undefined ? {} : { 'content-type': 'application/json' }),
    ...(JSON.parse(process.env.BURST_HEADERS ?? '{}') as Record<string, string>),
  },
};

async function one(url: string): Promise<{ status: number; ms: number; body: string }> {
  const t = performance.now();
  try {
    const res = await fetch(url, init);
    const body = await res.text();
    return { status: res.status, ms: performance.now() - t, body };
  } catch (err) {
    // Status 0: no HTTP answer at all (refused, reset); the cause is kept as the body.
    const cause = (err as { cause?: unknown }).cause;
    return { status: 0, ms: performance.now() - t, body: String(cause ?? err) };
  }
}

async function main(): Promise<void> {
  const urls = (process.env.BURST_URLS ?? '').split(',').filter(Boolean);
  const n = Number(process.env.BURST_REQUESTS ?? 1000);
  if (urls.length === 0) throw new Error('BURST_URLS is empty');
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) => one(urls[i % urls.length])),
  );
  const wallMs = Math.round(performance.now() - started);
  const byStatus: Record<string, number> = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const ok = answers.filter((a) => a.status === 200).map((a) => a.body);
  const result: BurstResult = {
    requests: n,
    byStatus,
    p50Ms: percentileMs(
      answers.map((a) => a.ms),
      50,
    ),
    p99Ms: percentileMs(answers.map((a) => a.ms)),
    wallMs,
    okBodies: [...new Set(ok)],
    failures: answers
      .filter((a) => a.status < 200 || a.status >= 300)
      .slice(0, 3)
      .map((a) => `${a.status} ${a.body.slice(0, 200)}`),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
