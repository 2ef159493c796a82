import { CACHED_READS, pick } from '../catalog-plan';
import { SHOPS } from '../environment';
import { get } from '../http';
import { startLoads } from '../load';
import { sleep } from '../../test/support/wait-for';
import { timeToRecover } from '../recovery';
import { check, type Scenario } from '../scenario';
import { Tally } from '../tally';

/** Held per chunk and direction by the proxy: one query round trip costs ≥ 1 s. */
const LATENCY_MS = 500;
const NORMAL_MS = 3_000;
const SLOW_MS = 8_000;
const DOWN_MS = 8_000;
/**
 * Per shop. Leaves CPU headroom on 2 cores shared with other work: the scenario tests the fault,
 * not saturation (a saturated shop answers 504 past its 300 ms read budget whatever Redis does).
 */
const READS_PER_SECOND = 100;
const LOAD_SECONDS = 26;
const COLD_EVERY_MS = 150;
/**
 * "Fail fast" for a product that is not cached: a 503/504 no later than the route's 300 ms budget
 * plus 200 ms of scheduling slack on 2 shared cores, i.e. well before one round trip to the slowed
 * database (≥ 1 s) and long before a connect timeout to the unreachable one.
 */
const FAIL_FAST_MS = 500;

type Phase = 'normal' | 'slow' | 'down';

interface ColdRead {
  phase: Phase;
  status: number;
  ms: number;
}

/**
 * 2. Postgres made slow (500 ms added per chunk each way by the proxy the shops connect through),
 * then unreachable (connections cut, new ones refused), then back. Cached products must be served
 * with 0 errors throughout; products never read before must fail fast with a clear 503/504.
 */
export const postgresDegraded: Scenario = {
  id: 2,
  name: 'postgres-degraded',
  title: 'Postgres slow, then unreachable, then back',
  timeoutMs: 120_000,
  async run({ env, log }) {
    const bases = SHOPS.map((s) => env.fleet.base(s));
    for (const base of bases) {
      for (let id = CACHED_READS.from; id <= CACHED_READS.to; id++) {
        await get(`${base}/products/${id}`);
      }
    }
    const started = Date.now();
    const load = startLoads(
      bases.map((base) => ({
        base,
        connections: 10,
        rate: READS_PER_SECOND,
        seconds: LOAD_SECONDS,
        next: () => ({ method: 'GET' as const, path: `/products/${pick(CACHED_READS)}` }),
      })),
    );

    const state: { phase: Phase | 'over' } = { phase: 'normal' };
    const cold: ColdRead[] = [];
    const coldTally = new Tally();
    const prober = (async () => {
      for (let i = 0; state.phase !== 'over'; i++) {
        const at = state.phase;
        const res = await get(`${bases[i % bases.length]}/products/${env.coldIds.take()}`, 10_000);
        if (res.status === 0) coldTally.failure(res.error ?? 'error');
        else coldTally.status(res.status);
        cold.push({ phase: at, status: res.status, ms: res.ms });
        await sleep(COLD_EVERY_MS);
      }
    })();

    await sleep(NORMAL_MS);
    env.proxy.slow(LATENCY_MS);
    state.phase = 'slow';
    log(`postgres slow (+${LATENCY_MS} ms per chunk each way)`);
    await sleep(SLOW_MS);
    void env.proxy.cut();
    state.phase = 'down';
    log('postgres unreachable');
    await sleep(DOWN_MS);
    env.proxy.restore();
    state.phase = 'over';
    const liftedAt = Date.now();
    log('postgres back');
    await prober;
    const mttrMs = await timeToRecover(
      liftedAt,
      async () => {
        const reads = await Promise.all(
          bases.map((b) => get(`${b}/products/${env.coldIds.take()}`)),
        );
        return reads.every((r) => r.status === 200);
      },
      60_000,
    );
    const cached = await load.done;

    const faulted = cold.filter((c) => c.phase !== 'normal');
    const failures = faulted.filter((c) => c.status !== 200);
    const unclear = failures.filter((c) => c.status !== 503 && c.status !== 504);
    const slowest = Math.max(0, ...failures.map((c) => c.ms));
    const byPhase = (p: Phase) => summarize(cold.filter((c) => c.phase === p));
    return {
      tally: new Tally().add(cached).add(coldTally),
      mttrMs,
      checks: [
        check(`cached-key errors ${cached.failed} = 0`, cached.failed === 0),
        check(
          `uncached: ${failures.length}/${faulted.length} failed, all 503/504 (${unclear.length} other)`,
          failures.length > 0 && unclear.length === 0,
        ),
        check(
          `uncached slowest failure ${slowest.toFixed(0)} ms ≤ ${FAIL_FAST_MS} ms`,
          slowest <= FAIL_FAST_MS,
        ),
      ],
      details: {
        latencyMs: LATENCY_MS,
        phasesS: {
          slow: NORMAL_MS / 1000,
          down: (NORMAL_MS + SLOW_MS) / 1000,
          back: (liftedAt - started) / 1000,
        },
        cachedFailuresBySecond: cached.failuresBySecond(started),
        cachedRequests: cached.requests,
        uncached: { normal: byPhase('normal'), slow: byPhase('slow'), down: byPhase('down') },
      },
    };
  },
};

function summarize(reads: ColdRead[]): Record<string, unknown> {
  const statuses: Record<string, number> = {};
  for (const r of reads) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const ms = reads.map((r) => r.ms).sort((a, b) => a - b);
  return {
    reads: reads.length,
    statuses,
    p50Ms: Math.round(ms[Math.floor(ms.length / 2)] ?? 0),
    maxMs: Math.round(ms[ms.length - 1] ?? 0),
  };
}
