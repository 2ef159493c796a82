/*
 * RabbitMQ throughput: our RabbitMqPublisher and RabbitMqServer pipeline against raw amqplib on the
 * same broker, vhost and queue type, in one run. Prints one JSON line, then a table.
 *   npm run bench:rabbitmq   (env: BENCH_N=20000, BENCH_ROUNDS=5, BENCH_QUEUE_TYPE=quorum|classic)
 * Each figure is the best of BENCH_ROUNDS rounds.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern } from '@nestjs/microservices';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { Registry } from 'prom-client';
import { MessagingModule } from '@bulwark/messaging';
import {
  RabbitMqPublisher,
  RabbitMqConnection,
  RabbitMqMessagingModule,
  RabbitMqServer,
} from '@bulwark/messaging/rabbitmq';
import { printVerdict } from './verdict';

const N = Number(process.env.BENCH_N ?? 20_000);
const ONE_BY_ONE_N = Math.min(N, 1_000);
const WINDOW = 500;
const PREFETCH = 100;
const QUEUE_TYPE = process.env.BENCH_QUEUE_TYPE === 'classic' ? 'classic' : 'quorum';
const QUEUE = 'bench';
const BODY = { data: randomBytes(480).toString('hex') }; // ≈ 1 KB of JSON
/** Both sides serialise the same object per message, as a real producer of JSON events does. */
const encode = () => Buffer.from(JSON.stringify(BODY));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** What the pipeline may cost: the same share of raw throughput as `bench:consumer`'s target. */
const RATIO_TARGET = 0.8;

/** Consume clocks run from the first delivery, so connection and topology set-up are excluded. */
let consumed = 0;
let target = 0;
let firstAt = 0n;
let onAllConsumed = () => {};

@Controller()
class BenchConsumer {
  @EventPattern<string>(QUEUE)
  handle(): void {
    if (consumed++ === 0) firstAt = process.hrtime.bigint();
    if (consumed === target) onAllConsumed();
  }
}

const sinceFirst = () => Number(process.hrtime.bigint() - firstAt) / 1e6;

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function rawPublish(model: ChannelModel, count: number, window: number): Promise<number> {
  const ch = await model.createConfirmChannel();
  const ms = await timed(async () => {
    for (let sent = 0; sent < count;) {
      const batch = Math.min(window, count - sent);
      for (let i = 0; i < batch; i++, sent++) {
        ch.publish('', QUEUE, encode(), { persistent: true, messageId: String(sent) });
      }
      await ch.waitForConfirms();
    }
  });
  await ch.close();
  return rate(count, ms);
}

async function ourPublish(
  publisher: RabbitMqPublisher,
  count: number,
  window: number,
): Promise<number> {
  const ms = await timed(async () => {
    for (let sent = 0; sent < count;) {
      const batch: Array<Promise<void>> = [];
      for (let i = 0; i < window && sent < count; i++, sent++)
        batch.push(publisher.publish('', QUEUE, BODY));
      await Promise.all(batch);
    }
  });
  return rate(count, ms);
}

/** Keeps `window` publishes in flight, refilling as each confirm arrives (what the outbox relay does). */
async function rawSliding(model: ChannelModel, count: number, window: number): Promise<number> {
  const ch = await model.createConfirmChannel();
  const ms = await timed(
    () =>
      new Promise<void>((resolve, reject) => {
        let sent = 0;
        let confirmed = 0;
        const pump = () => {
          while (sent < count && sent - confirmed < window) {
            ch.publish(
              '',
              QUEUE,
              encode(),
              { persistent: true, messageId: String(sent++) },
              (err: unknown) => {
                if (err) return reject(err as Error);
                if (++confirmed === count) resolve();
                else pump();
              },
            );
          }
        };
        pump();
      }),
  );
  await ch.close();
  return rate(count, ms);
}

async function ourSliding(
  publisher: RabbitMqPublisher,
  count: number,
  window: number,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next++ < count) await publisher.publish('', QUEUE, BODY);
  };
  const ms = await timed(() =>
    Promise.all(Array.from({ length: window }, worker)).then(() => undefined),
  );
  return rate(count, ms);
}

async function rawConsume(model: ChannelModel, count: number): Promise<number> {
  const ch = await model.createChannel();
  await ch.prefetch(PREFETCH);
  let seen = 0;
  await new Promise<void>((resolve) => {
    void ch.consume(QUEUE, (msg) => {
      if (!msg) return;
      if (seen === 0) firstAt = process.hrtime.bigint();
      JSON.parse(msg.content.toString('utf8'));
      ch.ack(msg);
      if (++seen === count) resolve();
    });
  });
  const ms = sinceFirst();
  await ch.close();
  return rate(count, ms);
}

async function ourConsume(url: string, count: number): Promise<number> {
  const registry = new Registry();
  @Module({
    imports: [
      MessagingModule.forRoot({ registry }),
      RabbitMqMessagingModule.forRoot({
        registry,
        url,
        topology: { queues: [{ name: QUEUE, type: QUEUE_TYPE, prefetch: PREFETCH }] },
      }),
    ],
    controllers: [BenchConsumer],
  })
  class BenchModule {}
  const app = await NestFactory.create(BenchModule, { logger: false });
  consumed = 0;
  target = count;
  // Resolved by the handler itself: polling here would spin a core the broker needs.
  const allConsumed = new Promise<void>((resolve) => (onAllConsumed = resolve));
  app.connectMicroservice({ strategy: app.get(RabbitMqServer) });
  await app.startAllMicroservices();
  await allConsumed;
  const ms = sinceFirst();
  await app.close();
  return rate(count, ms);
}

async function purge(ch: Channel): Promise<void> {
  await ch.purgeQueue(QUEUE);
}

async function main(): Promise<void> {
  const vhost = `bulwark-bench-${randomBytes(4).toString('hex')}`;
  execFileSync('rabbitmqctl', ['-q', 'add_vhost', vhost]);
  execFileSync('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  const url = `amqp://guest:guest@127.0.0.1:5672/${vhost}`;
  try {
    const model = await connect(url);
    const admin = await model.createChannel();
    await admin.assertQueue(QUEUE, { durable: true, arguments: { 'x-queue-type': QUEUE_TYPE } });
    const connection = new RabbitMqConnection({
      url,
      heartbeatSeconds: 10,
      reconnectMinMs: 100,
      reconnectMaxMs: 5000,
    });
    const publisher = new RabbitMqPublisher(connection, 30_000);
    await publisher.start();
    await connection.connect();

    // Raw and ours alternate within each round and the best round counts, so load from other
    // processes on this machine penalises both sides alike.
    const runs: Record<string, number[]> = {};
    const record = (key: string, value: number) => (runs[key] ??= []).push(value);
    for (let round = 0; round < ROUNDS; round++) {
      record('rawOneByOne', await rawPublish(model, ONE_BY_ONE_N, 1));
      record('oursOneByOne', await ourPublish(publisher, ONE_BY_ONE_N, 1));
      await purge(admin);
      record('rawPipelined', await rawPublish(model, N, WINDOW));
      record('rawConsume', await rawConsume(model, N));
      await purge(admin);
      record('oursPipelined', await ourPublish(publisher, N, WINDOW));
      record('oursConsume', await ourConsume(url, N));
      await purge(admin);
      record('rawSliding', await rawSliding(model, N, WINDOW));
      await purge(admin);
      record('oursSliding', await ourSliding(publisher, N, WINDOW));
      await purge(admin);
    }
    const r = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, Math.max(...v)]));
    await publisher.close();
    await connection.close();
    await model.close();
    report(r);
  } finally {
    execFileSync('rabbitmqctl', ['-q', 'delete_vhost', vhost]);
  }
}

function report(r: Record<string, number>): void {
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const rows = [
    ['publish, confirm each (1 KB)', r.rawOneByOne, r.oursOneByOne],
    [`publish, batches of ${WINDOW} (1 KB)`, r.rawPipelined, r.oursPipelined],
    [`publish, ${WINDOW} in flight (1 KB)`, r.rawSliding, r.oursSliding],
    [`consume, prefetch ${PREFETCH}, ack each`, r.rawConsume, r.oursConsume],
  ] as const;
  const json = {
    bench: 'rabbitmq',
    queueType: QUEUE_TYPE,
    n: N,
    oneByOneN: ONE_BY_ONE_N,
    rounds: ROUNDS,
    msgPerSec: r,
  };
  console.log(
    JSON.stringify({
      ...json,
      ratio: Object.fromEntries(rows.map(([k, raw, ours]) => [k, ratio(ours, raw)])),
    }),
  );
  console.log(`\nRabbitMQ bench (${QUEUE_TYPE} queue, N=${N}) msg/s`);
  console.log(
    `${'scenario'.padEnd(36)}${'raw amqplib'.padStart(13)}${'bulwark'.padStart(10)}${'ratio'.padStart(8)}`,
  );
  for (const [name, raw, ours] of rows) {
    console.log(
      `${name.padEnd(36)}${String(raw).padStart(13)}${String(ours).padStart(10)}${ratio(ours, raw).toFixed(2).padStart(8)}`,
    );
  }
  printVerdict(
    rows.every(([, raw, ours]) => ratio(ours, raw) >= RATIO_TARGET),
    `≥ ${RATIO_TARGET}× raw amqplib on every row`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
