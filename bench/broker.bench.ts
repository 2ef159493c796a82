/*
 * Throughput of the embedded Kafka broker with kafkajs: 1 KB messages in batches of 100.
 * The broker runs in a child process so its CPU share is measured separately from the
 * client's; if the client process sits near 100% of a core while the broker stays well below,
 * the single kafkajs producer, not the broker, is the bottleneck.
 *   npm run bench:broker   (env: BENCH_MESSAGES=200000, BENCH_IN_FLIGHT=1, BENCH_DATA_DIR=/tmp/x)
 */
import { cpus, loadavg } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import { BrokerChild } from '../test/support/broker-child';
import { printVerdict } from './verdict';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const BATCH = 100;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);
const PARTITIONS = 4;
const DATA_DIR = process.env.BENCH_DATA_DIR;
const VALUE = Buffer.alloc(1024, 'x');

interface PhaseResult {
  readonly messages: number;
  readonly seconds: number;
  readonly msgPerSec: number;
  readonly mbPerSec: number;
  readonly clientCpuPct: number;
  readonly brokerCpuPct: number;
  /** CPU microseconds per message: independent of how busy the machine is. */
  readonly clientCpuUsPerMsg: number;
  readonly brokerCpuUsPerMsg: number;
}

async function measure(broker: BrokerChild, run: () => Promise<number>): Promise<PhaseResult> {
  const [wall0, client0, broker0] = [process.hrtime.bigint(), selfCpu(), await broker.cpu()];
  const messages = await run();
  const [wall1, client1, broker1] = [process.hrtime.bigint(), selfCpu(), await broker.cpu()];
  const micros = Number(wall1 - wall0) / 1000;
  return {
    messages,
    seconds: round(micros / 1e6, 3),
    msgPerSec: Math.round(messages / (micros / 1e6)),
    mbPerSec: round((messages * VALUE.length) / (micros / 1e6) / 1e6, 1),
    clientCpuPct: round(((client1 - client0) / micros) * 100, 1),
    brokerCpuPct: round(((broker1 - broker0) / micros) * 100, 1),
    clientCpuUsPerMsg: round((client1 - client0) / messages, 2),
    brokerCpuUsPerMsg: round((broker1 - broker0) / messages, 2),
  };
}

async function produce(kafka: Kafka, topic: string): Promise<number> {
  const producer = kafka.producer();
  await producer.connect();
  const batch = Array.from({ length: BATCH }, (_, i) => ({ key: String(i), value: VALUE }));
  let next = 0;
  const worker = async () => {
    while (next < MESSAGES / BATCH) {
      next += 1;
      await producer.send({ topic, messages: batch, acks: 1 });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await producer.disconnect();
  return next * BATCH;
}

async function consume(kafka: Kafka, topic: string): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= MESSAGES) resolve();
      },
    });
  });
  await consumer.disconnect();
  return seen;
}

async function main(): Promise<void> {
  const broker = await BrokerChild.start(DATA_DIR ? ['--data-dir', DATA_DIR] : []);
  const kafka = new Kafka({ brokers: [`127.0.0.1:${broker.port}`], logLevel: logLevel.NOTHING });
  const topic = `bench-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
  await admin.disconnect();
  const producePhase = await measure(broker, () => produce(kafka, topic));
  const consumePhase = await measure(broker, () => consume(kafka, topic));
  await broker.stop();
  const config = {
    messageBytes: VALUE.length,
    batch: BATCH,
    inFlight: IN_FLIGHT,
    partitions: PARTITIONS,
    durable: Boolean(DATA_DIR),
    cpus: cpus().length,
    loadAverage1m: round(loadavg()[0], 2),
  };
  // The side that spends more CPU per message saturates its core first.
  const verdict =
    producePhase.clientCpuUsPerMsg > producePhase.brokerCpuUsPerMsg
      ? 'client-bound'
      : 'broker-bound';
  console.log(
    JSON.stringify({
      bench: 'kafka-broker',
      node: process.version,
      config,
      produce: producePhase,
      consume: consumePhase,
      produceBottleneck: verdict,
    }),
  );
  console.table({ produce: producePhase, consume: consumePhase });
  console.log(
    `single kafkajs producer: client ${producePhase.clientCpuUsPerMsg} µs CPU/msg (${producePhase.clientCpuPct}% of a core) vs broker ${producePhase.brokerCpuUsPerMsg} µs CPU/msg (${producePhase.brokerCpuPct}%) -> ${verdict}`,
  );
  printVerdict(
    verdict === 'client-bound',
    'the broker spends less CPU per produced message than the kafkajs client (client-bound)',
  );
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/** CPU time of this process in microseconds (user + system), as the broker reports its own. */
function selfCpu(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}
