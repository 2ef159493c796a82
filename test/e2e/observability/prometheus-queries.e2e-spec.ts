import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedKafka, startEmbeddedKafka } from '@bulwark/kafka-broker';
import { Kafka, logLevel } from 'kafkajs';
import { load } from 'js-yaml';
import { createSchema, dropSchema, TEST_DATABASE_URL, uniqueName } from '../../support/postgres';
import { KeepAliveBurst } from '../../support/keep-alive-burst';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';
import { deleteRedisKeys, TEST_REDIS_URL } from '../../support/shop-app';
import { ShopProcess, startShopProcess } from '../../support/shop-process';
import { waitFor } from '../../support/wait-for';
import { PrometheusServer } from './support/prometheus-server';

const DEPLOY = join(__dirname, '..', '..', '..', 'deploy');
const DASHBOARD = join(DEPLOY, 'grafana', 'dashboards', 'bulwark.json');
const ALERTS = join(DEPLOY, 'prometheus', 'alerts.yml');

/**
 * Metrics whose series this test cannot make appear without breaking something the test is not
 * about; an expression on them is checked by name (Prometheus scraped the family's `# TYPE`), and
 * the behaviour behind each is covered elsewhere:
 * - lock waits: a second instance must hold the fleet lock (test/e2e/fleet);
 * - stale served: an entry past its 60 s TTL, inside its grace window (test/e2e/fleet);
 * - Redis errors: Redis must fail (test/e2e/fleet/redis-cut-eviction, chaos);
 * - RabbitMQ retries and dead letters: a notification handler must fail (test/e2e/messaging).
 */
const NAME_ONLY = [
  'bulwark_cache_lock_waits_total',
  'bulwark_cache_stale_served_total',
  'bulwark_cache_redis_errors_total',
  'bulwark_rabbitmq_retried_total',
  'bulwark_rabbitmq_dead_lettered_total',
];

const metricNames = (expr: string): string[] => [
  ...new Set(
    [...expr.matchAll(/\b((?:bulwark|http|nodejs|process)_[a-z0-9_]+)/g)].map((m) => m[1]),
  ),
];
const family = (name: string) => name.replace(/_(bucket|sum|count)$/, '');

interface Dashboard {
  panels: Array<{ id: number; title: string; targets: Array<{ expr: string }> }>;
}
interface AlertRules {
  groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }>;
}
interface RuleStatus {
  name: string;
  health: string;
  lastError?: string;
  query: string;
}

/**
 * The Grafana dashboard and the alert rules against a real Prometheus (Debian's) scraping a real
 * shop process (Postgres, Redis, RabbitMQ, the embedded Kafka broker) after traffic that makes
 * the series exist: product reads (hits, misses, loads, coalesced callers, a Bloom reject, a 504),
 * orders (Kafka consumption, end-to-end latency, RabbitMQ notifications) and a poison message
 * (the Kafka DLQ). Every dashboard query must return data, and every alert rule must evaluate
 * without error on metrics that exist.
 */
describe('Prometheus > every dashboard query and alert rule on a real shop', () => {
  let broker: EmbeddedKafka;
  let vhost: TestVhost;
  let schema: string;
  let redisPrefix: string;
  let shop: ShopProcess;
  let prometheus: PrometheusServer;

  const http = (path: string, init?: RequestInit) => fetch(shop.url(path), init);
  const post = (path: string, body: unknown) =>
    http(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    broker = await startEmbeddedKafka({
      port: 0,
      logger: { debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) },
    });
    vhost = await createVhost('prom');
    schema = await createSchema('prom');
    redisPrefix = uniqueName('prom');
    shop = await startShopProcess(
      {
        DATABASE_URL: TEST_DATABASE_URL,
        DATABASE_SCHEMA: schema,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: redisPrefix,
        KAFKA_BROKERS: broker.brokers.join(','),
        RABBITMQ_URL: vhost.url,
        LOG_LEVEL: 'info',
      },
      60_000,
    );
    prometheus = await PrometheusServer.start([`127.0.0.1:${shop.port}`], [ALERTS]);

    // Products: cold reads (L1 and L2 misses, a load each), warm ones (L1 hits), 20 callers on
    // one cold key at once (coalesced behind one load), an id the Bloom filter rejects.
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await post('/products', {
        sku: uniqueName('PROM'),
        name: `observed ${i}`,
        priceCents: 100,
        stock: 1000,
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: number }).id);
    }
    // Statuses are the shop's business here only as far as the series go: on a loaded machine a
    // read may spend its 300 ms budget and answer 504, which counts in the same families.
    const served = (status: number) => status === 200 || status === 504;
    for (const id of ids.slice(0, 2))
      for (let i = 0; i < 3; i++) expect(served((await http(`/products/${id}`)).status)).toBe(true);
    // On 20 connections opened beforehand, so the 20 reach the shop in one read of its sockets
    // and join one load; fetch's staggered connects let a quick load finish between them.
    const burst = await KeepAliveBurst.open([shop.url('')], 20);
    const together = await burst.get(`/products/${ids[2]}`).finally(() => burst.close());
    expect(together.map((r) => served(r.status))).toEqual(Array(20).fill(true));
    expect((await http('/products/987654321')).status).toBe(404);
    // A caller whose deadline passes during a cold read: 504 (the 5xx panels and error ratio).
    const cold = await post('/products', {
      sku: uniqueName('PROM'),
      name: 'late',
      priceCents: 100,
      stock: 1,
    });
    const coldId = ((await cold.json()) as { id: number }).id;
    const late = await http(`/products/${coldId}`, { headers: { 'x-request-timeout': '1' } });
    expect(late.status).toBeGreaterThanOrEqual(500);

    // Orders: outbox → Kafka → consumer (end-to-end latency) → RabbitMQ notification.
    const orders: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post('/orders', { productId: ids[0], quantity: 1 });
      expect(res.status).toBe(202);
      orders.push(((await res.json()) as { id: number }).id);
    }
    await waitFor('the 5 orders CONFIRMED', async () => {
      const states = await Promise.all(
        orders.map(
          async (id) => ((await (await http(`/orders/${id}`)).json()) as { status: string }).status,
        ),
      );
      return states.every((s) => s === 'CONFIRMED');
    });

    // A poison message on orders.created: straight to orders.created.dlq.
    const producer = new Kafka({
      clientId: 'prom-e2e',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    await producer.send({
      topic: 'orders.created',
      messages: [{ key: 'poison', value: '{not json' }],
    });
    await producer.disconnect();

    // Scraped after all of it, twice (a rate needs two samples of a series).
    await waitFor(
      'the dead-letter and RabbitMQ series scraped',
      async () =>
        (await prometheus.query('bulwark_kafka_dead_lettered_total')).length > 0 &&
        (await prometheus.query('bulwark_rabbitmq_acked_total')).length > 0,
      30_000,
      250,
    );
    await new Promise((r) => setTimeout(r, 2500));
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await shop?.stop();
    await broker?.stop();
    await vhost?.remove();
    await dropSchema(schema);
    await deleteRedisKeys(`${redisPrefix}:*`);
  });

  /** Families Prometheus read a `# TYPE` line for from the shop (with or without series). */
  async function scrapedFamilies(): Promise<Set<string>> {
    const meta = await prometheus.get<Record<string, unknown>>('/api/v1/metadata');
    return new Set(Object.keys(meta));
  }

  it('every dashboard query returns data (or, for the metrics listed, names a scraped family)', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
    const families = await scrapedFamilies();
    const report: string[] = [];
    const problems: string[] = [];
    let withData = 0;
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const series = await prometheus.query(expr);
        const names = metricNames(expr);
        expect([expr, names.length > 0]).toEqual([expr, true]);
        if (series.length > 0) {
          withData++;
          report.push(`  ${series.length} series  ${expr}`);
          continue;
        }
        const missing = names.filter((n) => !families.has(family(n)));
        if (names.some((n) => NAME_ONLY.includes(n)) && missing.length === 0)
          report.push(`  name only  ${expr}`);
        else problems.push(`panel ${panel.id} "${panel.title}": no data for ${expr}`);
      }
    }
    process.stdout.write(`dashboard queries (${withData} with data):\n${report.join('\n')}\n`);
    expect(problems).toEqual([]);
  });

  it('every alert and recording rule evaluates without error, on metrics Prometheus scraped', async () => {
    const rules = load(readFileSync(ALERTS, 'utf8')) as AlertRules;
    const defined = rules.groups.flatMap((g) => g.rules);
    // Loaded and evaluated at least once (evaluation_interval 1s).
    let statuses: RuleStatus[] = [];
    await waitFor('every rule loaded and evaluated', async () => {
      const data = await prometheus.get<{ groups: Array<{ rules: RuleStatus[] }> }>(
        '/api/v1/rules',
      );
      statuses = data.groups.flatMap((g) => g.rules);
      return statuses.length === defined.length && statuses.every((r) => r.health !== 'unknown');
    });
    const byName = (a: string[], b: string[]) => a[0].localeCompare(b[0]);
    expect(statuses.map((s) => [s.name, s.health, s.lastError ?? '']).sort(byName)).toEqual(
      defined.map((r) => [r.alert ?? r.record!, 'ok', '']).sort(byName),
    );
    const families = await scrapedFamilies();
    const report: string[] = [];
    const problems: string[] = [];
    for (const rule of defined) {
      const checks: string[] = [];
      for (const name of metricNames(rule.expr)) {
        const series = (await prometheus.query(`count(${name})`))[0]?.value[1] ?? '0';
        if (Number(series) > 0) checks.push(`${name} ${series} series`);
        else if (NAME_ONLY.includes(name) && families.has(family(name)))
          checks.push(`${name} name only`);
        else problems.push(`${rule.alert ?? rule.record}: no series of ${name}`);
      }
      report.push(`  ${rule.alert ?? rule.record}: ${checks.join(', ')}`);
    }
    process.stdout.write(`alert rules (all health ok):\n${report.join('\n')}\n`);
    expect(problems).toEqual([]);
  });

  it('catches a query on a metric that does not exist', async () => {
    expect(await prometheus.query('sum(rate(bulwark_cache_hitz_total[1m]))')).toEqual([]);
    expect((await scrapedFamilies()).has('bulwark_cache_hitz_total')).toBe(false);
  });
});
