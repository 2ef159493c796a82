import { connect } from 'node:net';
import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { captureKafkajsFrames } from './frame-capture';
import { FAST_GROUP, kafkaFor, startBroker, unique } from './helpers';
import { waitFor } from '../../support/wait-for';

const FRAMES = 10_000;
const PARALLEL = 32;
const MAX_FRAME_BYTES = 1024 * 1024;

/** Deterministic PRNG (mulberry32) so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builds the n-th fuzz frame: random bytes or a mutation of a captured kafkajs frame. */
function makeFrame(seeds: Buffer[], random: () => number): Buffer {
  const int = (n: number) => Math.floor(random() * n);
  const seed = Buffer.from(seeds[int(seeds.length)]);
  switch (int(6)) {
    case 0: // pure garbage
      return Buffer.from(Array.from({ length: int(300) }, () => int(256)));
    case 1: // a few bytes flipped anywhere, size prefix included
      for (let i = 0, n = 1 + int(5); i < n; i++) seed[int(seed.length)] = int(256);
      return seed;
    case 2: // truncated
      return seed.subarray(0, int(seed.length));
    case 3: // oversized size prefix
      seed.writeInt32BE(MAX_FRAME_BYTES + 1 + int(1e6), 0);
      return seed;
    case 4: // unknown api key or version
      seed.writeInt16BE(int(2) ? int(100) : seed.readInt16BE(4), 4);
      seed.writeInt16BE(int(30), 6);
      return seed;
    default: // body mutated but size kept consistent, so the parser itself must cope
      for (let i = 0, n = 1 + int(8); i < n; i++)
        seed[12 + int(Math.max(1, seed.length - 12))] = int(256);
      return seed.subarray(0, seed.length);
  }
}

/** Sends one frame on a fresh connection, half-closes, and waits for the broker to hang up. */
function sendOnce(port: number, frame: Buffer): Promise<'closed' | 'timeout'> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end(frame));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('timeout');
    }, 10000);
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
  });
}

describe('kafka-broker > fuzzing', () => {
  let broker: EmbeddedKafka;
  const warnings: string[] = [];

  beforeAll(async () => {
    const logger = {
      debug() {},
      info() {},
      warn: (m: string) => void warnings.push(m),
      error: (m: string) => void warnings.push(m),
    };
    broker = await startBroker({ maxFrameBytes: MAX_FRAME_BYTES, logger });
  });

  afterAll(async () => {
    await broker.stop();
  });

  it('survives 10,000 random and mutated frames while a kafkajs client keeps working', async () => {
    const seeds = await captureKafkajsFrames(broker);
    expect(seeds.length).toBeGreaterThan(20);

    const { kafka, errors } = kafkaFor(broker);
    const topic = unique('fuzz-live');
    const producer = kafka.producer({ idempotent: true });
    const consumer = kafka.consumer({ groupId: unique('fuzz-live-group'), ...FAST_GROUP });
    const received: string[] = [];
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void received.push(String(message.value)),
    });
    let sent = 0;
    let fuzzing = true;
    const produceLoop = (async () => {
      while (fuzzing) {
        await producer.send({ topic, messages: [{ value: `m${sent}` }] });
        sent += 1;
      }
    })();

    const random = prng(20261125);
    const outcomes = { closed: 0, timeout: 0 };
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < FRAMES) {
          next += 1;
          outcomes[await sendOnce(broker.port, makeFrame(seeds, random))] += 1;
        }
      }),
    );
    fuzzing = false;
    await produceLoop;
    await waitFor('every live message consumed', () => received.length >= sent);

    expect(outcomes).toEqual({ closed: FRAMES, timeout: 0 });
    expect(received).toEqual(Array.from({ length: sent }, (_, i) => `m${i}`));
    expect(sent).toBeGreaterThan(10);
    expect(warnings.some((w) => w.includes('closing connection'))).toBe(true);
    expect(errors).toEqual([]);
    await consumer.disconnect();
    await producer.disconnect();
    // 10,000 frames take ~45 s alone on 2 cores; the parallel pass can stretch that past Jest's 60 s.
  }, 120_000);
});
