/**
 * Per-call cost of the full resilience stack (timeout + breaker + bulkhead + fallback) around a
 * no-op async function, against a bare call and against cockatiel's own policies composed with
 * `wrap()`. Sequential awaits (latency per call, not throughput), warm-up first, median of
 * several rounds. Run: `npm run bench:resilience`.
 */
import {
  bulkhead,
  circuitBreaker,
  ConsecutiveBreaker,
  fallback,
  handleAll,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';
import { Registry } from 'prom-client';
import {
  breakerPolicy,
  bulkheadPolicy,
  consecutive,
  FallbackHandler,
  Deadline,
  PolicyStack,
  ResilienceMetrics,
  runWithDeadline,
} from '@bulwark/resilience';
import { printVerdict } from './verdict';

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const ITERATIONS = Number(process.env.ITERATIONS ?? 100_000);
const noop = async (): Promise<number> => 1;

/** `within`: the ambient deadline the round runs under (a request's), if any. */
type Case = { name: string; run: () => Promise<unknown>; within?: Deadline };

function ours(): PolicyStack {
  return new PolicyStack({
    name: 'bench',
    timeoutMs: 1_000,
    breaker: breakerPolicy('bench', { strategy: consecutive(5) }),
    bulkhead: bulkheadPolicy({ limit: 1_000, queue: 1_000 }),
    fallback: new FallbackHandler({ value: 0 }),
    metrics: new ResilienceMetrics(new Registry()),
  });
}

function cockatielDirect(withTimeout: boolean) {
  const layers = [
    fallback(handleAll, 0),
    circuitBreaker(handleAll, { halfOpenAfter: 5_000, breaker: new ConsecutiveBreaker(5) }),
    ...(withTimeout ? [timeout(1_000, TimeoutStrategy.Aggressive)] : []),
    bulkhead(1_000, 1_000),
  ] as const;
  return wrap(...layers);
}

async function timeRound(run: () => Promise<unknown>, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run();
  return Number(process.hrtime.bigint() - start) / n;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

function round(c: Case): Promise<number> {
  return c.within
    ? runWithDeadline(c.within, () => timeRound(c.run, ITERATIONS))
    : timeRound(c.run, ITERATIONS);
}

/**
 * Cases are interleaved within each round (not run one after another), so a change in machine
 * load hits all of them alike; ratios are taken per round, then the median.
 */
async function measure(cases: Case[]): Promise<Record<string, number[]>> {
  for (const c of cases) await round(c); // warm-up: JIT, inline caches
  const samples: Record<string, number[]> = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of cases) samples[c.name].push(await round(c));
  }
  return samples;
}

async function main(): Promise<void> {
  const stack = ours();
  const direct = cockatielDirect(true);
  const directNoTimeout = cockatielDirect(false);
  // A request already carrying a deadline: the stack's layer reuses it (the shop's case).
  const request = new Deadline(Date.now() + 3_600_000);
  const cases: Case[] = [
    { name: 'bare', run: noop },
    { name: 'bulwark stack', run: () => stack.execute(noop) },
    {
      name: 'bulwark stack in request',
      run: () => runWithDeadline(request, () => stack.execute(noop)),
    },
    { name: 'cockatiel wrap (with timeout)', run: () => direct.execute(noop) },
    { name: 'cockatiel wrap (no timeout)', run: () => directNoTimeout.execute(noop) },
  ];
  const samples = await measure(cases);
  const ns = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const perRound = (a: string, b: string) => median(samples[a].map((x, i) => x / samples[b][i]));
  const bare = ns['bare'];
  const ourOverheadUs = (ns['bulwark stack'] - bare) / 1_000;
  const ratio = perRound('bulwark stack', 'cockatiel wrap (with timeout)');
  const result = {
    bench: 'resilience',
    node: process.version,
    rounds: ROUNDS,
    iterations: ITERATIONS,
    nsPerCall: Object.fromEntries(Object.entries(ns).map(([k, v]) => [k, Math.round(v)])),
    overheadUs: Number(ourOverheadUs.toFixed(3)),
    ratioToCockatiel: Number(ratio.toFixed(3)),
    ratioToCockatielNoTimeout: Number(
      perRound('bulwark stack', 'cockatiel wrap (no timeout)').toFixed(3),
    ),
    pass: ourOverheadUs < 5 && ratio <= 1.2,
  };
  console.log(JSON.stringify(result));
  console.table(
    cases.map((c) => ({
      case: c.name,
      'ns/call (median)': Math.round(ns[c.name]),
      'overhead µs': Number(((ns[c.name] - bare) / 1_000).toFixed(3)),
    })),
  );
  printVerdict(result.pass, 'overhead < 5 µs/call and ≤ 1.2× cockatiel wrap()');
}

void main();
