import { request } from 'node:http';
import { Tally } from '../tally';

/** 80,000 unknown keys, ~850 KB: under the 1 MB limit, 3 s of event loop before issue 20 (defect 1). */
const KEYS = 80_000;

function wideBody(): Buffer {
  const parts = ['"productId":1', '"quantity":1'];
  for (let i = 0; i < KEYS; i++) parts.push(`"k${i}":1`);
  return Buffer.from(`{${parts.join(',')}}`);
}

function post(base: string, body: Buffer): Promise<{ status: number; bytes: number; ms: number }> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/orders',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
        timeout: 20_000,
      },
      (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }),
        );
        res.on('error', () => resolve({ status: 0, bytes, ms: performance.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, bytes: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[at] ?? 0);
}

export interface WideBodyResult {
  readonly tally: Tally;
  readonly requests: number;
  /** Answers other than 400. */
  readonly notRefused: number;
  readonly largestAnswerBytes: number;
  readonly bodyP99Ms: number;
  /** `/health/live` latency on the same shops while the bodies were being sent. */
  readonly liveP99Ms: number;
  readonly liveMaxMs: number;
}

/**
 * `clients` loops per shop, each sending `perClient` many-keys bodies to `POST /orders`, while a
 * probe reads `/health/live` every 20 ms: each body must be refused (400, a short error) without
 * stalling the event loop for everyone else.
 */
export async function wideBodies(
  bases: string[],
  clients: number,
  perClient: number,
): Promise<WideBodyResult> {
  const body = wideBody();
  const tally = new Tally();
  const bodyMs: number[] = [];
  const liveMs: number[] = [];
  let notRefused = 0;
  let largest = 0;
  let running = true;
  const probes = bases.map(async (base) => {
    while (running) {
      const started = performance.now();
      await fetch(`${base}/health/live`).then(
        (r) => r.text(),
        () => undefined,
      );
      liveMs.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  await Promise.all(
    bases.flatMap((base) =>
      Array.from({ length: clients }, async () => {
        for (let i = 0; i < perClient; i++) {
          const answer = await post(base, body);
          if (answer.status === 0) tally.failure('no-answer');
          else tally.status(answer.status);
          if (answer.status !== 400) notRefused++;
          largest = Math.max(largest, answer.bytes);
          bodyMs.push(answer.ms);
        }
      }),
    ),
  );
  running = false;
  await Promise.all(probes);
  return {
    tally,
    requests: bodyMs.length,
    notRefused,
    largestAnswerBytes: largest,
    bodyP99Ms: percentile(bodyMs, 99),
    liveP99Ms: percentile(liveMs, 99),
    liveMaxMs: percentile(liveMs, 100),
  };
}
