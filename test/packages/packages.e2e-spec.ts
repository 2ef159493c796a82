import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { runBurst } from '../support/fleet-burst';
import { createVhost, type TestVhost } from '../support/rabbitmq-vhost';
import { waitFor } from '../support/wait-for';
import {
  type ExampleApp,
  exampleApp,
  packLibs,
  tarball,
  tarballsWithDependencies,
} from './support/example-app';

// Installs the packed libraries into fresh apps outside the monorepo, from the registry for
// everything else: minutes on a cold npm cache, seconds on a warm one.
jest.setTimeout(600_000);

/**
 * The libraries' optional peers for metrics, health and tracing. prom-client depends on the
 * OpenTelemetry API itself, so the API's absence says something only where prom-client is absent.
 */
const OPTIONAL_PEERS = ['prom-client', '@nestjs/terminus', '@opentelemetry/api'];

let packOutput = '';

// Every block below installs what this wrote: pack once, first.
beforeAll(async () => {
  packOutput = await packLibs();
});

describe('Packages > npm run pack:libs', () => {
  it('should write one installable tarball per library', () => {
    for (const lib of [
      'common',
      'cache',
      'resilience',
      'messaging',
      'observability',
      'kafka-broker',
    ]) {
      expect(packOutput).toContain(`@bulwark/${lib}@`);
      expect(tarball(lib)).toMatch(new RegExp(`bulwark-${lib}-\\d+\\.\\d+\\.\\d+\\.tgz$`));
    }
  });
});

describe('Packages > a fresh Nest 12 app with @bulwark/cache and @bulwark/resilience', () => {
  const prefix = `bulwark-pkg-${randomBytes(4).toString('hex')}`;
  let app: ExampleApp;

  beforeAll(async () => {
    app = exampleApp('cache-app');
    // Plus the @bulwark packages they depend on, if any (npm cannot fetch those from a registry).
    // No prom-client, @nestjs/terminus or @opentelemetry/api: optional peers, npm installs none.
    await app.install(tarballsWithDependencies(['cache', 'resilience']));
    await app.build();
  });

  afterAll(async () => {
    app.remove();
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('should cache on Redis and time out without its optional peers, naming them where health needs one', async () => {
    expect(await app.installed(OPTIONAL_PEERS)).toEqual([]);
    const output = await app.run('dist/without-peers.js', {
      REDIS_URL: 'redis://127.0.0.1:6379',
      CACHE_APP: prefix,
    });
    expect(JSON.parse(output)).toEqual({
      backend: 'redis',
      answers: [
        { sku: 'sku-script', cents: 1999 },
        { sku: 'sku-script', cents: 1999 },
      ],
      loads: 1,
      l1Hits: 1,
      timeout: 'SlowService.call did not answer within 50 ms',
      redisHealth: 'RedisHealthIndicator needs @nestjs/terminus: npm install @nestjs/terminus',
      breakerHealth: 'BreakerHealthIndicator needs @nestjs/terminus: npm install @nestjs/terminus',
    });
  });

  it('should load once for 1,000 concurrent cold requests (@Cacheable with a Redis L2 + @Timeout)', async () => {
    const running = await app.start({ REDIS_URL: 'redis://127.0.0.1:6379', CACHE_APP: prefix });
    try {
      const burst = await runBurst([`${running.url}/quotes/sku-1`], 1000);
      expect(burst.byStatus).toEqual({ 200: 1000 });
      expect(burst.okBodies).toEqual(['{"sku":"sku-1","cents":1999}']);
      const loads = (await (await fetch(`${running.url}/loads`)).json()) as { loads: number };
      console.log(JSON.stringify({ test: 'packages-cache', ...loads, byStatus: burst.byStatus }));
      expect(loads).toEqual({ loads: 1 });
    } finally {
      await running.stop();
    }
  });
});

describe('Packages > a fresh Nest 12 app with only @bulwark/messaging on its RabbitMQ subpath', () => {
  let app: ExampleApp;
  let vhost: TestVhost;

  beforeAll(async () => {
    vhost = await createVhost('pkg');
    app = exampleApp('rabbitmq-app');
    await app.install(tarballsWithDependencies(['messaging']));
    await app.build();
  });

  afterAll(async () => {
    app.remove();
    await vhost.remove();
  });

  it('should consume what it published and never load kafkajs (not even installed)', async () => {
    // Nor its other optional peers: its metrics record nothing and nothing is traced.
    expect(await app.installed(OPTIONAL_PEERS)).toEqual([]);
    const running = await app.start({ RABBITMQ_URL: vhost.url });
    try {
      expect(running.output()).toContain('drivers {"kafkajs":false,"amqplib":true}');
      const sent = await fetch(`${running.url}/greetings/ada`, { method: 'POST' });
      expect(sent.status).toBe(201);
      const received = async () =>
        ((await (await fetch(`${running.url}/greetings`)).json()) as { received: string[] })
          .received;
      await waitFor('the greeting to arrive', async () => (await received()).length > 0, 10_000);
      expect(await received()).toEqual(['ada']);
      expect(() => require.resolve('kafkajs', { paths: [app.dir] })).toThrow();
    } finally {
      await running.stop();
    }
  });
});

describe('Packages > a fresh Nest 12 app with @bulwark/observability', () => {
  let app: ExampleApp;

  beforeAll(async () => {
    app = exampleApp('observability-app', { mainFrom: 'cache-app' });
    // No prom-client and no @nestjs/terminus: both are optional peers, so npm installs neither.
    await app.install(tarballsWithDependencies(['observability']));
  });

  afterAll(() => app.remove());

  it('should load and work without its optional peers, naming them where a feature needs one', async () => {
    for (const peer of ['prom-client', '@nestjs/terminus']) {
      expect(() => require.resolve(peer, { paths: [app.dir] })).toThrow();
    }
    const output = JSON.parse(await app.run('without-peers.cjs')) as Record<string, unknown>;
    expect(output).toEqual({
      requestId: 'req-1',
      tracing: false,
      budget: 1500,
      metrics: 'MetricsModule needs prom-client: npm install prom-client',
      health: 'EventLoopHealthIndicator needs @nestjs/terminus: npm install @nestjs/terminus',
    });
  });

  it('should expose /metrics with its own counter and the HTTP histogram once prom-client is installed', async () => {
    await app.install(['prom-client@^15.1.3']);
    await app.build();
    const running = await app.start({});
    try {
      for (const name of ['ada', 'grace']) {
        expect(await (await fetch(`${running.url}/hello/${name}`)).json()).toEqual({ hello: name });
      }
      const res = await fetch(`${running.url}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toContain('greetings_total 2');
      expect(text).toContain(
        'http_request_duration_seconds_count{method="GET",route="/hello/:name",status="200"} 2',
      );
      expect(text).toContain('process_cpu_user_seconds_total');
    } finally {
      await running.stop();
    }
  });
});

describe('Packages > plain Node scripts with @bulwark/common and @bulwark/kafka-broker', () => {
  let app: ExampleApp;

  beforeAll(async () => {
    app = exampleApp('node-app');
    await app.install(tarballsWithDependencies(['common', 'kafka-broker']));
    await app.build();
  });

  afterAll(() => app.remove());

  it('should parse durations and time out with @bulwark/common, prom-client not installed', async () => {
    expect(() => require.resolve('prom-client', { paths: [app.dir] })).toThrow();
    expect(JSON.parse(await app.run('dist/timeouts.js'))).toEqual({
      budget: 1500,
      answers: ['answer', 'fallback'],
    });
  });

  it('should produce and consume a message through the embedded broker with kafkajs', async () => {
    expect(await app.run('dist/kafka-roundtrip.js')).toMatch(
      /^received hello, Ada from 127\.0\.0\.1:\d+\n$/,
    );
  });
});
