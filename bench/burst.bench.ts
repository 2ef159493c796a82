/**
 * The flash-sale burst (issue 15, acceptance 2) as a script anyone can run: 2 shop processes with
 * their default configuration, a hot product just evicted from L1 and L2 everywhere, 1,000
 * simultaneous `fetch()` GETs on fresh connections split over both, then 1,000 warm ones. Target:
 * 1,000 × 200 both times and exactly 1 product read counted by Postgres. Exits 1 on a miss.
 * The same scenario is the timing e2e test/e2e/fleet/flash-burst.timing.e2e-spec.ts.
 *
 *   npm run bench:burst   (BURST_INSTANCES=2, BURST_REQUESTS=1000); about 40 s
 */
import { BurstResult, runFleetBurst } from '../test/support/fleet-burst';

const INSTANCES = Number(process.env.BURST_INSTANCES ?? 2);
const REQUESTS = Number(process.env.BURST_REQUESTS ?? 1000);

function allOk(b: BurstResult): boolean {
  return b.byStatus['200'] === REQUESTS && b.okBodies.length === 1;
}

function line(name: string, b: BurstResult): string {
  const statuses = Object.entries(b.byStatus)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ');
  return `| ${name.padEnd(5)} | ${statuses.padEnd(24)} | ${String(b.p50Ms).padStart(7)} | ${String(b.p99Ms).padStart(7)} | ${String(b.wallMs).padStart(7)} | ${String(b.listenOverflows ?? '?').padStart(9)} | ${String(b.shopCpuUsPerReq ?? '?').padStart(11)} |`;
}

async function main(): Promise<void> {
  const r = await runFleetBurst({ instances: INSTANCES, requests: REQUESTS });
  const pass = allOk(r.cold) && allOk(r.warm) && r.productReads === 1 && !r.l2HadValue;
  console.log(JSON.stringify({ bench: 'burst', requests: REQUESTS, ...r, pass }));
  console.log(
    '\n| burst | statuses                 | p50 ms  | p99 ms  | wall ms | overflows | shop µs/req |',
  );
  console.log(
    '|:------|:-------------------------|--------:|--------:|--------:|----------:|------------:|',
  );
  console.log(line('cold', r.cold));
  console.log(line('warm', r.warm));
  console.log(
    `\n${r.instances} shops, default config; product reads counted by Postgres: ${r.productReads} ` +
      `(target 1); cold burst ${r.msSinceEviction} ms after the eviction; product in L2 before ` +
      `the cold burst: ${r.l2HadValue}, before the warm one: ${r.l2HadValueBeforeWarm}`,
  );
  for (const f of [...r.cold.failures, ...r.warm.failures].slice(0, 3)) console.log(`  e.g. ${f}`);
  console.log(`verdict: ${pass ? 'PASS' : 'MISS'}`);
  if (!pass) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
