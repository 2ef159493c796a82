#!/usr/bin/env node
// `npm run bench:runtimes -- <bench> [<bench> …]`: runs `npm run bench:<bench>`'s file under two Node
// binaries back to back (baseline first) and prints, for every number both JSON lines share, the
// runtime's value over the baseline's, so the effect of the runtime alone is visible in one run.
//   runtime:  the `node` npm scripts run on (Node 24, see scripts/provision-node.js);
//   baseline: BENCH_BASELINE_NODE, else the Node that runs npm (the machine's own).
// Both runs share the machine: compare the ratios, not the absolute figures of a busy machine.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const benches = process.argv.slice(2);
if (benches.length === 0) {
  console.error('usage: npm run bench:runtimes -- <bench> [<bench> …]  (e.g. resilience http)');
  process.exit(2);
}

function whichNode() {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, 'node');
    if (fs.existsSync(candidate)) return candidate;
  }
  return process.execPath;
}

const runtime = whichNode();
const baseline = process.env.BENCH_BASELINE_NODE || process.env.npm_node_execpath;
if (!baseline) {
  console.error('bench-runtimes: set BENCH_BASELINE_NODE to the Node binary to compare with');
  process.exit(2);
}
const version = (bin) => spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
const nodes = [
  { role: 'baseline', bin: baseline, version: version(baseline) },
  { role: 'runtime', bin: runtime, version: version(runtime) },
];

/** The bench's one-line JSON summary: the last stdout line that parses as `{ "bench": … }`. */
function summaryOf(stdout) {
  const lines = stdout.split('\n').filter((l) => l.startsWith('{"bench"'));
  return lines.length ? JSON.parse(lines[lines.length - 1]) : undefined;
}

/** Numeric leaves as `a.b[2].c` paths; rows in arrays are named by their label when they have one. */
function numbers(value, prefix = '', out = new Map()) {
  if (typeof value === 'number') out.set(prefix, value);
  else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      const label = v && typeof v === 'object' ? (v.label ?? v.name ?? v.connections) : undefined;
      numbers(v, `${prefix}[${label ?? i}]`, out);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) numbers(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

let failed = false;
const results = [];
for (const bench of benches) {
  const file = path.join('bench', `${bench}.bench.ts`);
  if (!fs.existsSync(path.join(root, file))) {
    console.error(`bench-runtimes: no ${file}`);
    process.exit(2);
  }
  const runs = nodes.map((node) => {
    console.log(`\n=== bench:${bench} on Node ${node.version} (${node.role}: ${node.bin})`);
    const run = spawnSync(node.bin, ['-r', '@swc-node/register', file], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 256 * 1024 * 1024,
    });
    process.stdout.write(run.stdout || '');
    const summary = summaryOf(run.stdout || '');
    if (run.status !== 0 || !summary) {
      console.error(`bench-runtimes: bench:${bench} on ${node.version} exited ${run.status}`);
      failed = true;
    }
    return summary;
  });
  if (!runs[0] || !runs[1]) continue;
  const [a, b] = runs.map((s) => numbers(s));
  const rows = [];
  for (const [key, base] of a) {
    const next = b.get(key);
    if (next === undefined || base === 0 || base === next) continue;
    rows.push({
      metric: key,
      [nodes[0].version]: base,
      [nodes[1].version]: next,
      ratio: next / base,
    });
  }
  results.push({ bench, rows });
}

for (const { bench, rows } of results) {
  console.log(
    `\nbench:${bench}: ${nodes[1].version} / ${nodes[0].version} (ratio = runtime ÷ baseline)`,
  );
  console.table(rows.map((r) => ({ ...r, ratio: Number(r.ratio.toFixed(3)) })));
}
console.log(
  JSON.stringify({
    bench: 'runtimes',
    baseline: nodes[0].version,
    runtime: nodes[1].version,
    results: results.map(({ bench, rows }) => ({
      bench,
      ratios: Object.fromEntries(rows.map((r) => [r.metric, Number(r.ratio.toFixed(3))])),
    })),
  }),
);
process.exit(failed ? 1 : 0);
