import { connect, type Socket } from 'node:net';
import {
  apiVersionsChunk,
  apiVersionsFrame,
  type RssWatch,
  writeWithoutReading,
} from '../../support/non-reading-kafka-client';
import { BrokerChild } from '../../support/broker-child';
import { kafkaFor, unique } from './helpers';
import { waitFor } from '../../support/wait-for';

// Issue 20, defect 4: a client pipelining ApiVersions without reading drove the broker from
// 112 MB to 1.8 GB RSS. Kafka mutes such a connection; so must we.
const PIPELINED_BYTES = 200 * 1024 * 1024;
/** The broker may grow by this much while attacked (today's code passes it within ~25 MB sent). */
const RSS_GROWTH_LIMIT_MIB = 100;
const BUDGET_BYTES = 32 * 1024 * 1024;
const MAX_CONNECTIONS = 32;
/** Default maxFrameBytes (16 MiB). */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function closed(socket: Socket, timeoutMs: number): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

describe('kafka-broker > hostile clients (issue 20, defect 4)', () => {
  let broker: BrokerChild;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    broker = await BrokerChild.start([
      '--max-connections',
      String(MAX_CONNECTIONS),
      '--max-buffered-bytes',
      String(BUDGET_BYTES),
    ]);
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });

  afterAll(async () => {
    await broker?.stop();
  });

  it('keeps RSS bounded while a client pipelines 200 MB of ApiVersions without reading, and still serves kafkajs', async () => {
    const start = broker.rssMiB();
    const watch: RssWatch = {
      rssMiB: () => broker.rssMiB(),
      rssLimit: start + RSS_GROWTH_LIMIT_MIB,
      peak: start,
    };
    const chunk = apiVersionsChunk();
    const attacker = await open(broker.port);
    sockets.push(attacker);
    const { sent, stalled } = await writeWithoutReading(attacker, chunk, PIPELINED_BYTES, watch);
    const summary = { startMiB: Math.round(start), peakMiB: Math.round(watch.peak), sent };
    process.stdout.write(`pipelining: ${JSON.stringify(summary)}\n`);

    expect(watch.peak).toBeLessThan(start + RSS_GROWTH_LIMIT_MIB);
    // The broker muted the connection instead of reading (and queueing) everything.
    expect(stalled).toBe(true);
    expect(sent).toBeLessThan(PIPELINED_BYTES);

    // Other clients are unaffected while the attacker's connection is still open and muted.
    const { kafka, errors } = kafkaFor(broker);
    const topic = unique('after-pipelining');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'still here' }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.fetchTopicOffsets(topic)).toEqual([
      expect.objectContaining({ partition: 0, high: '1' }),
    ]);
    await admin.disconnect();
    expect(errors).toEqual([]);
  });

  it('closes a connection declaring a frame over maxFrameBytes before its body is sent', async () => {
    const socket = await open(broker.port);
    sockets.push(socket);
    socket.on('error', () => undefined);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(MAX_FRAME_BYTES + 1);
    socket.write(prefix);
    expect(await closed(socket, 2000)).toBe(true);
  });

  it('holds at most the buffer budget for 8 connections each sending most of a large frame', async () => {
    const start = broker.rssMiB();
    const watch: RssWatch = {
      rssMiB: () => broker.rssMiB(),
      rssLimit: start + RSS_GROWTH_LIMIT_MIB,
      peak: start,
    };
    const declared = MAX_FRAME_BYTES - 1024;
    const body = Buffer.alloc(1024 * 1024, 1);
    const attackers = await Promise.all(Array.from({ length: 8 }, () => open(broker.port)));
    sockets.push(...attackers);
    await Promise.all(
      attackers.map(async (socket) => {
        socket.on('error', () => undefined);
        const prefix = Buffer.alloc(4);
        prefix.writeInt32BE(declared);
        socket.write(prefix);
        // 15 of the declared ~16 MiB: never completes, so nothing is ever answered or freed.
        await writeWithoutReading(socket, body, 15 * body.length, watch, 1000);
      }),
    );
    // Let the broker take what it will of the bytes in flight before the last sample.
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      watch.peak = Math.max(watch.peak, broker.rssMiB());
    }
    process.stdout.write(
      `partial frames: ${JSON.stringify({ startMiB: Math.round(start), peakMiB: Math.round(watch.peak) })}\n`,
    );
    // 8 × 15 MiB = 120 MiB offered; the broker keeps at most its 32 MiB budget of it.
    expect(watch.peak).toBeLessThan(start + BUDGET_BYTES / 2 ** 20 + 8);
  });

  it(`closes connections beyond maxConnections (${MAX_CONNECTIONS}) and accepts again below it`, async () => {
    // One by one, each proven served: the previous test's sockets may still be closing on the
    // broker's side, and are refused until they are gone.
    const held: Socket[] = [];
    while (held.length < MAX_CONNECTIONS) held.push(await openServed(broker.port, sockets));
    const extra = await open(broker.port);
    sockets.push(extra);
    extra.on('error', () => undefined);
    expect(await closed(extra, 2000)).toBe(true);

    held.pop()?.destroy();
    await openServed(broker.port, sockets);
  });
});

/** A connection the broker answers on, retried while it refuses; kept in `sockets`. */
async function openServed(port: number, sockets: Socket[]): Promise<Socket> {
  let served: Socket | undefined;
  await waitFor(
    'a connection served',
    async () => {
      const next = await open(port);
      sockets.push(next);
      next.on('error', () => undefined);
      served = await answered(next, 1).then(
        () => next,
        () => undefined,
      );
      return served !== undefined;
    },
    5000,
  );
  return served as Socket;
}

/** Sends one ApiVersions and resolves when an answer arrives; rejects if the socket closes. */
function answered(socket: Socket, correlationId: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('data', () => resolve());
    socket.once('close', () => reject(new Error('closed')));
    socket.write(apiVersionsFrame(correlationId));
  });
}
