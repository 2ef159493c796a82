/**
 * Fault-injection suite: `npm run chaos [-- --only 1,3]` (CHAOS_SEED=n replays the fuzz choices).
 * Starts its own environment, runs each scenario once, prints one JSON line per scenario and a
 * Markdown table (also written to .chaos/report-<timestamp>.md), exits 1 if a threshold is missed.
 */
import { withTimeout } from '@bulwark/common';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { killAllChildren } from './children';
import { ChaosEnvironment } from './environment';
import { markdownTable, type ScenarioResult } from './report';
import { check, type Scenario, type ScenarioContext, type ScenarioOutcome } from './scenario';
import { consumerKill } from './scenarios/consumer-kill';
import { flashSale } from './scenarios/flash-sale';
import { kafkaOutage } from './scenarios/kafka-outage';
import { malformedInput } from './scenarios/malformed-input';
import { poisonMessage } from './scenarios/poison-message';
import { postgresDegraded } from './scenarios/postgres-degraded';
import { redisKill } from './scenarios/redis-kill';

const SCENARIOS: Scenario[] = [
  redisKill,
  postgresDegraded,
  kafkaOutage,
  consumerKill,
  poisonMessage,
  malformedInput,
  flashSale,
];

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, '.chaos');

function log(line: string): void {
  process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function selected(argv: string[]): Scenario[] {
  const at = argv.indexOf('--only');
  if (at === -1) return SCENARIOS;
  const ids = new Set((argv[at + 1] ?? '').split(',').map(Number));
  const picked = SCENARIOS.filter((s) => ids.has(s.id));
  if (picked.length === 0) throw new Error(`--only needs scenario numbers 1-${SCENARIOS.length}`);
  return picked;
}

function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return withTimeout(work, ms, () => {
    throw new Error(`${what} exceeded its ${ms / 1000} s bound`);
  });
}

async function runScenario(scenario: Scenario, ctx: ScenarioContext): Promise<ScenarioResult> {
  const started = Date.now();
  const crashesBefore = ctx.env.fleet.crashes.length;
  let outcome: ScenarioOutcome | undefined;
  let error: string | undefined;
  log(`scenario ${scenario.id}: ${scenario.title}`);
  try {
    outcome = await bounded(scenario.run(ctx), scenario.timeoutMs, `scenario ${scenario.id}`);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    log(`scenario ${scenario.id} failed: ${error}`);
  }
  const crashes = ctx.env.fleet.crashes.slice(crashesBefore);
  for (const c of crashes) log(`crash: ${c.shop} exited ${c.code ?? c.signal}\n${c.tail}`);
  const checks = [
    ...(outcome?.checks ?? []),
    check(`shop crashes ${crashes.length} = 0`, crashes.length === 0),
  ];
  const orders = outcome?.orders;
  return {
    scenario: scenario.id,
    name: scenario.name,
    title: scenario.title,
    passed: !error && checks.every((c) => c.pass),
    requests: outcome?.tally.requests ?? 0,
    errors: outcome?.tally.errors() ?? {},
    ordersPlaced: orders?.placed ?? null,
    ordersConsumed: orders?.consumed ?? null,
    lost: orders?.lost ?? null,
    duplicatedEffects: orders?.duplicatedEffects ?? null,
    mttrMs: outcome ? outcome.mttrMs : null,
    crashes: crashes.length,
    checks,
    durationMs: Date.now() - started,
    ...(error ? { error } : {}),
    details: outcome?.details ?? {},
  };
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const scenarios = selected(process.argv.slice(2));
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 31);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(OUT, { recursive: true });
  // The output directory ignores itself: reports and logs never end up in a commit.
  writeFileSync(join(OUT, '.gitignore'), '*\n');
  const runDir = join(OUT, `run-${stamp}`);
  const suiteStarted = Date.now();
  log(`seed ${seed}; logs in ${runDir}`);

  const results: ScenarioResult[] = [];
  let env: ChaosEnvironment | undefined;
  let setupError: string | undefined;
  try {
    env = await ChaosEnvironment.start(runDir, log);
    running = env;
    for (const scenario of scenarios) {
      const result = await runScenario(scenario, { env, seed: seed + scenario.id, log });
      results.push(result);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      await env.heal();
    }
  } catch (err) {
    setupError = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`suite aborted: ${setupError}`);
  } finally {
    await env?.close();
  }

  const table = markdownTable(results);
  const report = [
    `# Fault-injection suite, ${new Date().toISOString()}`,
    '',
    `commit ${gitCommit()}, seed ${seed}, ${cpus().length} cores, load average at the end ` +
      `${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}, ${((Date.now() - suiteStarted) / 1000).toFixed(0)} s`,
    '',
    table,
    ...(setupError ? ['', `Suite aborted: ${setupError.split('\n')[0]}`] : []),
    '',
  ].join('\n');
  const reportPath = join(OUT, `report-${stamp}.md`);
  writeFileSync(reportPath, report);
  process.stdout.write(`\n${table}\n\nreport: ${reportPath}\n`);
  const passed =
    !setupError && results.length === scenarios.length && results.every((r) => r.passed);
  return passed ? 0 : 1;
}

/** The live environment, for the signal handler: its database must not outlive a Ctrl-C. */
let running: ChaosEnvironment | undefined;

process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: killing child processes, dropping the database`);
    killAllChildren();
    const drop = running?.db.drop() ?? Promise.resolve();
    void withTimeout(
      drop.catch(() => undefined),
      5_000,
      () => undefined,
    ).then(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(String(err));
    process.exit(1);
  },
);
