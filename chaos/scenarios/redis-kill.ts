import { HOT_READS, pick } from '../catalog-plan';
import { SHOPS } from '../environment';
import { get } from '../http';
import { startLoads } from '../load';
import { sleep } from '../../test/support/wait-for';
import { timeToRecover } from '../recovery';
import { check, type Scenario } from '../scenario';

/**
 * Per shop. Leaves CPU headroom on 2 cores shared with other work: the scenario tests the fault,
 * not saturation (a saturated shop answers 504 past its 300 ms read budget whatever Redis does).
 */
const READS_PER_SECOND = 150;
const LOAD_SECONDS = 28;
const KILL_AT_MS = 4_000;
const DOWN_MS = 10_000;
const MTTR_LIMIT_MS = 5_000;

/** Readiness of `shop` names Redis `up` (not degraded): the L2 tier is in use again. */
async function redisUp(base: string): Promise<boolean> {
  const res = await get(`${base}/health/ready`, 2_000);
  const details = (res.body as { details?: { redis?: { status?: string } } } | undefined)?.details;
  return details?.redis?.status === 'up';
}

/**
 * 1. Redis SIGKILLed under product-read load, restarted (empty) on the same port 10 s later.
 * The reads must all succeed (L1 + single-flight + Postgres carry them) and the shops must be back
 * on Redis within 5 s of its restart.
 */
export const redisKill: Scenario = {
  id: 1,
  name: 'redis-kill',
  title: 'Redis killed under read load, back after 10 s',
  timeoutMs: 120_000,
  async run({ env, log }) {
    const bases = SHOPS.map((s) => env.fleet.base(s));
    for (const base of bases) {
      for (let id = HOT_READS.from; id <= HOT_READS.to; id++) await get(`${base}/products/${id}`);
    }
    const started = Date.now();
    const load = startLoads(
      bases.map((base) => ({
        base,
        connections: 10,
        rate: READS_PER_SECOND,
        seconds: LOAD_SECONDS,
        next: () => ({ method: 'GET' as const, path: `/products/${pick(HOT_READS)}` }),
      })),
    );
    await sleep(KILL_AT_MS);
    await env.redis.kill();
    const killedAt = Date.now();
    log('redis killed');
    await sleep(DOWN_MS / 2);
    // Evidence the fault bit: readiness no longer reports Redis up.
    const upDuringOutage = (await Promise.all(bases.map(redisUp))).filter(Boolean).length;
    await sleep(DOWN_MS / 2);
    await env.redis.restart();
    const liftedAt = Date.now();
    log('redis restarted');
    const mttrMs = await timeToRecover(
      liftedAt,
      async () => {
        const reads = await Promise.all(bases.map((b) => get(`${b}/products/${pick(HOT_READS)}`)));
        const ready = await Promise.all(bases.map(redisUp));
        return reads.every((r) => r.status === 200) && ready.every(Boolean);
      },
      30_000,
    );
    const tally = await load.done;
    const redisKeys = await env.redis.dbsize();
    return {
      tally,
      mttrMs,
      checks: [
        check(`failed requests ${tally.failed} = 0`, tally.failed === 0),
        check(
          `MTTR ${mttrMs === null ? 'never' : `${(mttrMs / 1000).toFixed(2)} s`} < 5 s`,
          mttrMs !== null && mttrMs < MTTR_LIMIT_MS,
        ),
        check(
          `Redis reported down during the outage (${upDuringOutage} shops said up)`,
          upDuringOutage === 0,
        ),
      ],
      details: {
        loadSeconds: LOAD_SECONDS,
        killedAtS: (killedAt - started) / 1000,
        restartedAtS: (liftedAt - started) / 1000,
        failuresBySecond: tally.failuresBySecond(started),
        redisKeysAfter: redisKeys,
      },
    };
  },
};
