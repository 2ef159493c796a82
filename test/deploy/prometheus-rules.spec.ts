import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

const DIR = join(__dirname, '..', '..', 'deploy', 'prometheus');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
interface RuleFile {
  groups: Array<{ name: string; rules: Rule[] }>;
}
interface RuleTests {
  rule_files: string[];
  tests: Array<{
    name: string;
    alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }>;
  }>;
}

/** Debian's prometheus package ships promtool; scripts/services.sh installs it with consent. */
function promtool(...args: string[]): { status: number | null; output: string } {
  const res = spawnSync('promtool', args, { cwd: DIR, encoding: 'utf8' });
  if (res.error) {
    throw new Error(
      `promtool not found (${res.error.message}): install Debian's prometheus package, e.g. BULWARK_SYSTEM_CHANGES=1 bash scripts/services.sh`,
    );
  }
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

/**
 * deploy/prometheus/alerts.yml checked and unit-tested by promtool (alerts.test.yml), and the
 * config that loads it. That every expression's metrics exist in a real shop is
 * test/e2e/observability/prometheus-queries.e2e-spec.ts.
 */
describe('deploy/prometheus', () => {
  const rules = load(readFileSync(join(DIR, 'alerts.yml'), 'utf8')) as RuleFile;
  const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert);

  it('promtool check rules: alerts.yml is valid', () => {
    const res = promtool('check', 'rules', 'alerts.yml');
    process.stdout.write(res.output);
    expect(res.status).toBe(0);
    expect(res.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('promtool check config: prometheus.yml is valid and loads alerts.yml', () => {
    const res = promtool('check', 'config', 'prometheus.yml');
    expect([res.status, res.output]).toEqual([0, expect.stringContaining('1 rule files found')]);
  });

  it('promtool test rules: every alert fires where it should and not where it should not', () => {
    const res = promtool('test', 'rules', 'alerts.test.yml');
    process.stdout.write(res.output);
    expect([res.status, res.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it('covers what the monitoring table names, each alert with a firing and a quiet case', () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual([
      'CircuitBreakerOpen',
      'EventEndToEndLatencyHigh',
      'HighErrorRatio',
      'KafkaConsumerLagHigh',
      'KafkaConsumptionRateDropped',
      'KafkaDeadLettersGrowing',
      'OutboxBacklogOld',
      'RabbitMqDeadLettersGrowing',
      'RedisDegraded',
      'RequestsShed',
    ]);
    const tests = load(readFileSync(join(DIR, 'alerts.test.yml'), 'utf8')) as RuleTests;
    expect(tests.rule_files).toEqual(['alerts.yml']);
    const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    const untested = alerts
      .map((a) => a.alert!)
      .filter((name) => !cases.some((c) => c.alertname === name && c.exp_alerts.length > 0));
    expect(untested).toEqual([]);
    const neverQuiet = alerts
      .map((a) => a.alert!)
      .filter((name) => !cases.some((c) => c.alertname === name && c.exp_alerts.length === 0));
    expect(neverQuiet).toEqual([]);
  });
});
