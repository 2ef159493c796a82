import type { Check } from './scenario';

/** One scenario's JSON line and table row. */
export interface ScenarioResult {
  readonly scenario: number;
  readonly name: string;
  readonly title: string;
  readonly passed: boolean;
  readonly requests: number;
  /** Non-2xx responses by status and network failures by kind. */
  readonly errors: Record<string, number>;
  readonly ordersPlaced: number | null;
  readonly ordersConsumed: number | null;
  readonly lost: number | null;
  readonly duplicatedEffects: number | null;
  readonly mttrMs: number | null;
  readonly crashes: number;
  readonly checks: Check[];
  readonly durationMs: number;
  readonly error?: string;
  readonly details: Record<string, unknown>;
}

const dash = (v: number | null): string => (v === null ? '–' : v.toLocaleString('en-US'));

function errorsCell(errors: Record<string, number>): string {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '0';
  return entries.map(([k, v]) => `${k}×${v.toLocaleString('en-US')}`).join(', ');
}

function mttrCell(ms: number | null): string {
  return ms === null ? '–' : `${(ms / 1000).toFixed(2)} s`;
}

function passCell(r: ScenarioResult): string {
  const checks = r.checks.map((c) => `${c.pass ? '✓' : '✗'} ${c.label}`);
  if (r.error) checks.push(`✗ error: ${r.error.replace(/\|/g, '/').slice(0, 200)}`);
  return `**${r.passed ? 'PASS' : 'FAIL'}**: ${checks.join('; ')}`;
}

export function markdownTable(results: readonly ScenarioResult[]): string {
  const head = [
    '| # | scenario | requests | errors (by status) | orders placed | consumed | lost | duplicated effects | MTTR | pass |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---|',
  ];
  const rows = results.map((r) =>
    [
      '',
      r.scenario,
      r.title,
      dash(r.requests),
      errorsCell(r.errors),
      dash(r.ordersPlaced),
      dash(r.ordersConsumed),
      dash(r.lost),
      dash(r.duplicatedEffects),
      mttrCell(r.mttrMs),
      passCell(r),
      '',
    ]
      .join(' | ')
      .trim(),
  );
  return [...head, ...rows].join('\n');
}
