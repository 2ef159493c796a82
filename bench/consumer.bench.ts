/**
 * Consumer throughput: Bulwark's full Kafka pipeline (KafkaServer: eachBatch, key lanes, decode,
 * idempotency check by message id, retry/DLQ routing armed by @RetryPolicy, manual commit per
 * chunk), once with the handler marked @DirectInvocation() and once called through Nest's RPC
 * chain, against raw kafkajs `eachMessage` with auto-commit, on the same embedded broker and topic:
 * 100,000 messages of 1 KB, 4 partitions, 1,000 keys. Both handlers JSON-parse the value; the
 * idempotency store is in memory so the numbers measure the transport, not Postgres (the shop's
 * inbox costs one transaction per message on top, identical for any consumer). The broker runs
 * in its own process so its CPU share can be read. After one untimed warm-up of each row, ROUNDS=11
 * rounds of all rows in turn; each row is summarised by its median run, and the target ratios are
 * the medians of the per-round ratios (raw and the pipelines measured back to back, so a slow spell
 * of this shared machine slows both sides of a pair instead of one side's median).
 * Two more rows, not the target's baseline, locate the difference: raw kafkajs doing the handler's
 * own work, and Nest's stock Kafka transport running the same handler.
 * Run: `npm run bench:consumer`.
 */
import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Ctx,
  EventPattern,
  KafkaContext,
  type MicroserviceOptions,
  Payload,
  Transport,
} from '@nestjs/microservices';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { RetryPolicy } from '@bulwark/messaging';
import {
  DirectInvocation,
  KafkaMessageContext,
  KafkaMessagingModule,
  KafkaServer,
} from '@bulwark/messaging/kafka';
import { BrokerChild } from '../test/support/broker-child';
import { printVerdict } from './verdict';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const N = Number(process.env.MESSAGES ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 11);
const TOPIC = 'bench.orders';
const PAD = 'x'.repeat(960);

interface RunResult {
  readonly msgsPerSec: number;
  readonly seconds: number;
  readonly brokerCpuShare: number;
  readonly clientCpuShare: number;
  /** This process's CPU per message: less sensitive than msg/s to other load on the machine. */
  readonly clientCpuMicrosPerMsg: number;
}

const sink = {
  count: 0,
  seen: new Set<string>(),
  onFirst: (): void => undefined,
  done: (): void => undefined,
};

/** The handlers' shared work: the in-memory idempotency check by message id, then count. */
function take(id: string, body: { id: number }): void {
  if (sink.seen.has(id) || typeof body.id !== 'number') return;
  sink.seen.add(id);
  if (sink.count === 0) sink.onFirst();
  if (++sink.count === N) sink.done();
}

/** The pipeline's handler, invoked through Nest's RPC chain like any `@EventPattern` handler. */
@Controller()
class BenchConsumer {
  @EventPattern<string>(TOPIC)
  @RetryPolicy({ attempts: 3, backoff: ['1s', '10s'], dlq: true })
  async onOrder(@Payload() body: { id: number }, @Ctx() ctx: KafkaMessageContext) {
    take(ctx.getMessageId(), body);
  }
}

/** The same handler opted into `@DirectInvocation()`: the server calls the method itself. */
@Controller()
class DirectBenchConsumer {
  @EventPattern<string>(TOPIC)
  @RetryPolicy({ attempts: 3, backoff: ['1s', '10s'], dlq: true })
  @DirectInvocation()
  async onOrder(@Payload() body: { id: number }, @Ctx() ctx: KafkaMessageContext) {
    take(ctx.getMessageId(), body);
  }
}

/** The same handler on Nest's stock Kafka transport, whose parser has decoded the headers. */
@Controller()
class StockNestConsumer {
  @EventPattern<string>(TOPIC)
  async onOrder(@Payload() body: { id: number }, @Ctx() ctx: KafkaContext) {
    take(String(ctx.getMessage().headers?.['x-message-id']), body);
  }
}

/** The broker's CPU time so far, in ms. */
function brokerCpu(broker: BrokerChild): Promise<number> {
  return broker.cpu().then((micros) => micros / 1000);
}

async function produce(kafka: Kafka): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < N; i += 1000) {
    const messages = Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({
      key: `k${(i + j) % 1000}`,
      value: JSON.stringify({ id: i + j, pad: PAD }),
      headers: { 'x-message-id': randomUUID() },
    }));
    await producer.send({ topic: TOPIC, messages });
  }
  await producer.disconnect();
}

/**
 * Times `run` from its first message to its last (start-up and group join excluded, they differ
 * between a Nest app and a bare consumer) and reads both processes' CPU over that interval.
 */
async function measure(
  child: BrokerChild,
  run: (onFirst: () => void) => Promise<void>,
): Promise<RunResult> {
  let t0 = 0;
  let own0 = process.cpuUsage();
  let cpu0: Promise<number> = Promise.resolve(0);
  await run(() => {
    t0 = Date.now();
    own0 = process.cpuUsage();
    cpu0 = brokerCpu(child);
  });
  const seconds = (Date.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  const broker = (await brokerCpu(child)) - (await cpu0);
  return {
    msgsPerSec: Math.round(N / seconds),
    seconds,
    brokerCpuShare: round(broker / 1000 / seconds),
    clientCpuShare: round((own.user + own.system) / 1e6 / seconds),
    clientCpuMicrosPerMsg: round((own.user + own.system) / N),
  };
}

async function rawRun(kafka: Kafka, onFirst: () => void): Promise<void> {
  const consumer = kafka.consumer({ groupId: `raw-${randomUUID()}`, maxWaitTimeInMs: 100 });
  let count = 0;
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: true,
      eachMessage: async ({ message }) => {
        JSON.parse(message.value!.toString());
        if (count === 0) onFirst();
        if (++count === N) resolve();
      },
    });
  });
  await consumer.disconnect();
}

/**
 * Raw kafkajs doing the handler work of the pipeline's bench handler (JSON + the same in-memory
 * idempotency check by message id): not the target's baseline, but it separates the cost of that
 * work from the cost of the transport (Nest's handler invocation, lanes, commits, retry routing).
 */
async function rawIdempotentRun(kafka: Kafka, onFirst: () => void): Promise<void> {
  const consumer = kafka.consumer({ groupId: `raw-idem-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const seen = new Set<string>();
  let count = 0;
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: true,
      eachMessage: async ({ message }) => {
        const body = JSON.parse(message.value!.toString()) as { id: number };
        const id = String(message.headers?.['x-message-id']);
        if (seen.has(id) || typeof body.id !== 'number') return;
        seen.add(id);
        if (count === 0) onFirst();
        if (++count === N) resolve();
      },
    });
  });
  await consumer.disconnect();
}

async function pipelineRun(
  brokers: string[],
  onFirst: () => void,
  consumer: typeof BenchConsumer | typeof DirectBenchConsumer,
): Promise<void> {
  sink.onFirst = onFirst;
  sink.count = 0;
  sink.seen.clear();
  const finished = new Promise<void>((resolve) => (sink.done = resolve));
  @Module({
    imports: [
      KafkaMessagingModule.forRoot({
        brokers,
        groupId: `pipeline-${randomUUID()}`,
        maxWaitTime: '100ms',
        logLevel: logLevel.NOTHING,
        lag: { enabled: false },
        commitEvery: Number(process.env.COMMIT_EVERY ?? 200),
        registry: new Registry(),
      }),
    ],
    controllers: [consumer],
  })
  class BenchModule {}
  const app = await NestFactory.create(BenchModule, { logger: ['error'] });
  app.connectMicroservice({ strategy: app.get(KafkaServer) });
  await app.startAllMicroservices();
  await finished;
  await app.close();
}

/**
 * Nest's own `Transport.KAFKA` server (eachMessage + auto-commit, no retry routing, no DLQ) with
 * the same handler: what any Nest Kafka consumer pays for Nest's handler invocation (RPC proxy,
 * context creator, param pipes), which the raw kafkajs rows do not.
 */
async function stockNestRun(brokers: string[], onFirst: () => void): Promise<void> {
  sink.onFirst = onFirst;
  sink.count = 0;
  sink.seen.clear();
  const finished = new Promise<void>((resolve) => (sink.done = resolve));
  @Module({ controllers: [StockNestConsumer] })
  class StockModule {}
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(StockModule, {
    logger: ['error'],
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: { brokers, clientId: 'bench-stock', logLevel: logLevel.NOTHING },
      consumer: { groupId: `stock-${randomUUID()}`, maxWaitTimeInMs: 100 },
      subscribe: { fromBeginning: true },
      run: { autoCommit: true },
    },
  });
  await app.listen();
  await finished;
  await app.close();
}

const round = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const child = await BrokerChild.start(['--partitions', '4']);
  const port = child.port;
  const brokers = [`127.0.0.1:${port}`];
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING, clientId: 'bench' });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }], waitForLeaders: true });
  await admin.disconnect();
  await produce(kafka);

  const raw: RunResult[] = [];
  const rawIdempotent: RunResult[] = [];
  const direct: RunResult[] = [];
  const viaNest: RunResult[] = [];
  const stockNest: RunResult[] = [];
  // Untimed: the first run of each row pays for JIT compilation of kafkajs's decoder and Nest's
  // handler chain, which would tilt a pair towards whichever row ran second.
  await rawRun(kafka, () => undefined);
  await pipelineRun(brokers, () => undefined, DirectBenchConsumer);
  await pipelineRun(brokers, () => undefined, BenchConsumer);
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(await measure(child, (onFirst) => rawRun(kafka, onFirst)));
    direct.push(
      await measure(child, (onFirst) => pipelineRun(brokers, onFirst, DirectBenchConsumer)),
    );
    viaNest.push(await measure(child, (onFirst) => pipelineRun(brokers, onFirst, BenchConsumer)));
    rawIdempotent.push(await measure(child, (onFirst) => rawIdempotentRun(kafka, onFirst)));
    stockNest.push(await measure(child, (onFirst) => stockNestRun(brokers, onFirst)));
  }
  // A run lasts about a second, so one lucky or unlucky scheduling slice moves it by 20 %: each
  // side is summarised by its median run (best-of would crown the outlier).
  const median = (rs: RunResult[]) =>
    [...rs].sort((a, b) => a.msgsPerSec - b.msgsPerSec)[Math.floor(rs.length / 2)];
  const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const pairRatios = (rows: RunResult[]) =>
    raw.map((r, i) => round(rows[i].msgsPerSec / r.msgsPerSec));
  const [rawMid, directMid, nestMid, rawIdemMid, stockMid] = [
    median(raw),
    median(direct),
    median(viaNest),
    median(rawIdempotent),
    median(stockNest),
  ];
  const summary = {
    bench: 'consumer',
    messages: N,
    messageBytes: 1024,
    partitions: 4,
    rounds: ROUNDS,
    raw: rawMid,
    pipelineDirect: directMid,
    pipelineNestInvocation: nestMid,
    ratioDirect: medianOf(pairRatios(direct)),
    ratioNestInvocation: medianOf(pairRatios(viaNest)),
    pairRatiosDirect: pairRatios(direct),
    pairRatiosNestInvocation: pairRatios(viaNest),
    ratioOfMediansDirect: round(directMid.msgsPerSec / rawMid.msgsPerSec),
    ratioOfMediansNestInvocation: round(nestMid.msgsPerSec / rawMid.msgsPerSec),
    rawWithIdempotency: rawIdemMid,
    ratioNestInvocationVsRawWithIdempotency: round(nestMid.msgsPerSec / rawIdemMid.msgsPerSec),
    stockNest: stockMid,
    ratioNestInvocationVsStockNest: round(nestMid.msgsPerSec / stockMid.msgsPerSec),
  };
  console.log(JSON.stringify(summary));
  console.table({
    'raw kafkajs eachMessage + autoCommit': rawMid,
    'Bulwark pipeline, @DirectInvocation handler': directMid,
    'Bulwark pipeline, handler through Nest': nestMid,
    'raw eachMessage + same idempotency check': rawIdemMid,
    "Nest's stock ServerKafka, same handler": stockMid,
  });
  console.log(
    `pipeline / raw (median of the rounds' ratios; target ≥ 0.8×): ` +
      `${summary.ratioDirect}× with @DirectInvocation, ${summary.ratioNestInvocation}× through ` +
      `Nest's handler invocation (between the rows' medians: ${summary.ratioOfMediansDirect}× and ` +
      `${summary.ratioOfMediansNestInvocation}×). Through Nest: ` +
      `${summary.ratioNestInvocationVsRawWithIdempotency}× raw with the same idempotency check, ` +
      `${summary.ratioNestInvocationVsStockNest}× Nest's stock ServerKafka. ` +
      'Shares are CPU-seconds per second.',
  );
  printVerdict(
    summary.ratioDirect >= 0.8 && summary.ratioNestInvocation >= 0.8,
    'pipeline ≥ 0.8× raw kafkajs, with @DirectInvocation and through Nest',
  );
  await child.stop();
}

void main();
