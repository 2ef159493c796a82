import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@bulwark/observability';
import { startTestShop, TestShop } from '../../support/shop-app';

interface Family {
  name: string;
  type: string;
  help: string;
  labelNames: string[];
}

/** Label names that say nothing about what they hold. */
const VAGUE_LABELS = ['label', 'labels', 'name', 'value', 'key', 'tag'];
/** Units Prometheus asks to express in base units (`_seconds`, `_bytes`, ratios 0-1). */
const NON_BASE_UNIT =
  /_(ms|msec|millis|milliseconds|us|micros|microseconds|ns|nanoseconds|minutes|hours|days|kb|mb|gb|kilobytes|megabytes|gigabytes|percent|pct)(_|$)/;
/** A time quantity must say its unit; a lag is time or messages. */
const TIME_WORD = /(^|_)(duration|latency|age|delay|elapsed|time|lag)(_|$)/;
const TIME_UNIT = /_(seconds|messages)(_total)?$/;
const SIZE_WORD = /(^|_)(memory|heap|size)(_|$)/;
/**
 * prom-client's default Node metrics name these gauges `_total` (a counter suffix). They keep
 * prom-client's names: renaming them would break every stock Node.js dashboard.
 */
const PROM_CLIENT_GAUGES_NAMED_TOTAL = [
  'nodejs_active_resources_total',
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
];

/** Every metric family of the shop's registry against Prometheus's naming conventions. */
function violations(f: Family): string[] {
  const out: string[] = [];
  const say = (what: string) => out.push(`${f.name}: ${what}`);
  if (!/^[a-z][a-z0-9_]*$/.test(f.name)) say('name is not snake_case');
  if (f.type === 'counter' && !f.name.endsWith('_total')) say('counter without _total');
  if (
    f.type !== 'counter' &&
    f.name.endsWith('_total') &&
    !PROM_CLIENT_GAUGES_NAMED_TOTAL.includes(f.name)
  ) {
    say(`${f.type} named _total`);
  }
  if (NON_BASE_UNIT.test(f.name)) say('unit is not a base unit (seconds, bytes)');
  if (TIME_WORD.test(f.name) && !TIME_UNIT.test(f.name)) say('time quantity without _seconds');
  if (SIZE_WORD.test(f.name) && !f.name.endsWith('_bytes')) say('size without _bytes');
  for (const label of f.labelNames) {
    if (!/^[a-z][a-z0-9_]*$/.test(label)) say(`label "${label}" is not snake_case`);
    if (VAGUE_LABELS.includes(label)) say(`label "${label}" does not say what it holds`);
    if (label === 'le' && f.type !== 'histogram') say('"le" outside a histogram');
    if (label === 'quantile' && f.type !== 'summary') say('"quantile" outside a summary');
  }
  // HELP text that names label values (`tier=l1|l2`) must name real labels.
  for (const [, label] of f.help.matchAll(/\b([a-z_]+)=/g)) {
    if (!f.labelNames.includes(label)) say(`help names "${label}=" but there is no such label`);
  }
  return out;
}

describe('Shop > /metrics names follow Prometheus conventions', () => {
  let shop: TestShop;
  let families: Family[];
  let text: string;
  beforeAll(async () => {
    shop = await startTestShop();
    // Some traffic, so the labelled series are in the exposition too.
    await shop.http().get('/products/1');
    await shop.http().get('/products/1');
    text = (await shop.http().get('/metrics').expect(200)).text;
    const registry = shop.app.get<Registry>(METRICS_REGISTRY);
    families = registry.getMetricsAsArray().map((m) => {
      const metric = m as unknown as Family;
      return {
        name: metric.name,
        type: metric.type,
        help: metric.help,
        labelNames: metric.labelNames ?? [],
      };
    });
  });
  afterAll(() => shop.close());

  it('checks the whole registry', () => {
    expect(families.length).toBeGreaterThan(50);
    expect(families.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'http_request_duration_seconds',
        'bulwark_cache_hits_total',
        'bulwark_resilience_breaker_state',
        'bulwark_kafka_consumer_lag_messages',
      ]),
    );
  });

  it('every metric and label name follows the conventions', () => {
    expect(families.flatMap(violations)).toEqual([]);
  });

  it('every label of an exposed series is one its family declares', () => {
    const declared = new Map(families.map((f) => [f.name, f]));
    const problems: string[] = [];
    for (const line of text.split('\n')) {
      const series = /^([a-z_:][a-z0-9_:]*)\{([^}]*)\}/.exec(line);
      if (!series) continue;
      const family =
        declared.get(series[1]) ??
        declared.get(series[1].replace(/_(bucket|sum|count)$/, '')) ??
        undefined;
      if (!family) {
        problems.push(`${series[1]}: not in the registry`);
        continue;
      }
      for (const [, label] of series[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) {
        if (label !== 'le' && !family.labelNames.includes(label)) {
          problems.push(`${series[1]}: label "${label}"`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(text).toMatch(
      /^bulwark_cache_(hits|misses)_total\{namespace="[^"]+",tier="l[12]"\} \d+$/m,
    );
  });

  it('the Grafana dashboard and the alert rules query only metrics and labels the shop exports', () => {
    const deploy = join(__dirname, '..', '..', '..', 'deploy');
    const dashboard = readFileSync(join(deploy, 'grafana', 'dashboards', 'bulwark.json'), 'utf8');
    const alerts = load(readFileSync(join(deploy, 'prometheus', 'alerts.yml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ expr: string }> }>;
    };
    const exprs = [
      ...[...dashboard.matchAll(/"expr": "((?:[^"\\]|\\.)*)"/g)].map((m) =>
        m[1].replace(/\\"/g, '"'),
      ),
      ...alerts.groups.flatMap((g) => g.rules.map((r) => r.expr)),
    ];
    expect(exprs.length).toBeGreaterThan(40);
    const byName = new Map(families.map((f) => [f.name, f]));
    const problems: string[] = [];
    for (const expr of exprs) {
      const names = [...expr.matchAll(/\b((?:bulwark|http|nodejs|process)_[a-z0-9_]+)/g)].map(
        (m) => m[1],
      );
      const labels = [
        ...[...expr.matchAll(/\b(?:by|without|on|ignoring) \(([^)]*)\)/g)].flatMap((m) =>
          m[1].split(/,\s*/),
        ),
        ...[...expr.matchAll(/([a-z_]+)\s*(?:=~|!~|!=|=)\s*"/g)].map((m) => m[1]),
        // `le` is a histogram's; `instance` and `job` are what Prometheus adds to every series.
      ].filter((l) => !['le', 'instance', 'job'].includes(l));
      const families = names.map(
        (name) => byName.get(name) ?? byName.get(name.replace(/_(bucket|sum|count)$/, '')),
      );
      names.forEach((name, i) => {
        if (!families[i]) problems.push(`${expr}: no metric ${name}`);
      });
      // An expression may join several metrics: each label must be one of theirs.
      for (const label of labels)
        if (families.every((f) => f && !f.labelNames.includes(label)))
          problems.push(`${expr}: no label ${label}`);
    }
    expect(problems).toEqual([]);
  });

  it('the rules catch a label called `label` and a millisecond unit', () => {
    expect(
      violations({
        name: 'bulwark_cache_hits_total',
        type: 'counter',
        help: 'Reads answered from a tier (tier=l1|l2)',
        labelNames: ['namespace', 'label'],
      }),
    ).toEqual([
      'bulwark_cache_hits_total: label "label" does not say what it holds',
      'bulwark_cache_hits_total: help names "tier=" but there is no such label',
    ]);
    expect(
      violations({ name: 'request_latency_ms', type: 'gauge', help: '', labelNames: [] }),
    ).toEqual([
      'request_latency_ms: unit is not a base unit (seconds, bytes)',
      'request_latency_ms: time quantity without _seconds',
    ]);
  });
});
