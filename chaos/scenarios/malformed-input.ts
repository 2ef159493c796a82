import { SHOPS } from '../environment';
import { get } from '../http';
import { httpFuzz } from '../fuzz/http-fuzz';
import { malformedEvents } from '../fuzz/kafka-fuzz';
import { Prng } from '../fuzz/prng';
import { rawFuzz } from '../fuzz/raw-http';
import { pipelineWithoutReading, RSS_GROWTH_LIMIT_MIB } from '../fuzz/kafka-pipeline';
import { halfSentRequest } from '../fuzz/slow-shutdown';
import { wideBodies } from '../fuzz/wide-body';
import { ORDERS_CREATED, publish } from '../order-events';
import { timeToRecover } from '../recovery';
import { check, type Scenario } from '../scenario';
import { Tally } from '../tally';

const HTTP_REQUESTS = 3_000;
/** Modest on purpose: the fuzz tests what each input does, not how much load the shops take. */
const CONCURRENCY = 8;
const RAW_ROUNDS = 4;
const KAFKA_MESSAGES = 300;
const CONFIRM_WITHIN_MS = 2_000;
/** Many-keys bodies: this many clients per shop, each sending this many in a row. */
const WIDE_CLIENTS = 3;
const WIDE_PER_CLIENT = 10;
/** The shops' SHUTDOWN_DELAY_MS (the default); a SIGTERM must end in exit 0 within it + 2 s. */
const SHUTDOWN_DELAY_MS = 2_000;
const SHUTDOWN_BOUND_MS = SHUTDOWN_DELAY_MS + 2_000;
/** The shop the slow client holds a socket on while it is stopped (and started again). */
const STOPPED_SHOP = 'shop-b';

/**
 * 6. Malformed input: seeded random and mutated HTTP requests (bad ids, bodies, headers, huge and
 * deeply nested JSON) on both shops, raw malformed HTTP on the socket, and malformed Kafka
 * payloads on `orders.created`; then the attacks of issue 20: many-keys bodies from three clients
 * per shop in a loop, a Kafka-wire client pipelining 200 MB of requests to the broker without
 * reading an answer, and a client holding a half-sent request while a shop gets SIGTERM. No
 * answer may be a 5xx, no process may die unasked, the broker's memory stays bounded, the
 * stopped shop exits 0 in time; afterwards both shops must still serve and confirm orders end to
 * end.
 */
export const malformedInput: Scenario = {
  id: 6,
  name: 'malformed-input',
  title: 'Malformed-input fuzz (HTTP and Kafka)',
  timeoutMs: 300_000,
  async run({ env, seed, log }) {
    const rng = new Prng(seed);
    const bases = SHOPS.map((s) => env.fleet.base(s));
    const token = env.adminHeaders.authorization.replace(/^Bearer /, '');
    // Settled into a value at once: a rejection must not go unhandled while the HTTP fuzz runs.
    const kafkaSent = publish(
      env.kafka(),
      ORDERS_CREATED,
      malformedEvents(rng, KAFKA_MESSAGES),
    ).then(
      () => undefined,
      (err: unknown) => err,
    );
    const http = await httpFuzz(rng, bases, token, HTTP_REQUESTS, CONCURRENCY);
    const raw = await Promise.all(bases.map((b) => rawFuzz(b, RAW_ROUNDS)));
    const kafkaError = await kafkaSent;
    if (kafkaError) throw kafkaError;
    const wide = await wideBodies(bases, WIDE_CLIENTS, WIDE_PER_CLIENT);
    log(`many-keys bodies: ${JSON.stringify({ ...wide, tally: undefined })}`);
    const brokerPid = env.broker.pid;
    if (brokerPid === undefined) throw new Error('the broker is not running');
    const pipeline = await pipelineWithoutReading(env.broker.port, brokerPid);
    log(`non-reading Kafka client: ${JSON.stringify(pipeline)}`);
    const slow = await halfSentRequest(env.fleet.base(STOPPED_SHOP));
    await new Promise((r) => setTimeout(r, 100));
    const signalled = Date.now();
    const exitCode = await env.fleet.kill(STOPPED_SHOP, 'SIGTERM');
    const shutdownMs = Date.now() - signalled;
    const slowClosed = await slow.closed(1_000);
    slow.destroy();
    log(`SIGTERM with a half-sent request: exit ${exitCode} after ${shutdownMs} ms`);
    await env.fleet.start(STOPPED_SHOP);
    const fuzzEndedAt = Date.now();
    const fiveHundreds = [...http.fiveHundreds, ...raw.flatMap((r) => r.fiveHundreds)];
    for (const line of fiveHundreds.slice(0, 20)) log(`5xx: ${line}`);
    const tally = new Tally().add(http.tally).add(wide.tally);
    for (const r of raw) tally.add(r.tally);
    const mttrMs = await timeToRecover(
      fuzzEndedAt,
      async () => {
        const live = await Promise.all(bases.map((b) => get(`${b}/health/live`)));
        const confirmed = await Promise.all(
          SHOPS.map((s) => env.orderConfirmed(s, CONFIRM_WITHIN_MS)),
        );
        return live.every((r) => r.status === 200) && confirmed.every(Boolean);
      },
      120_000,
    );
    const alive = SHOPS.filter((s) => env.fleet.isAlive(s)).length;
    const server5xx = tally.count((s) => s >= 500);
    return {
      tally,
      mttrMs,
      checks: [
        check(`5xx responses ${server5xx} = 0`, server5xx === 0),
        check(`shops alive ${alive}/${SHOPS.length}`, alive === SHOPS.length),
        check(
          `many-keys bodies refused with 400: ${wide.requests - wide.notRefused}/${wide.requests}, largest answer ${wide.largestAnswerBytes} B < 1 KB`,
          wide.notRefused === 0 && wide.largestAnswerBytes < 1024,
        ),
        check(
          `broker RSS while a client pipelined without reading: ${pipeline.rssStartMiB} → ${pipeline.rssPeakMiB} MiB (< +${RSS_GROWTH_LIMIT_MIB}), connection muted: ${pipeline.stalled}`,
          pipeline.rssPeakMiB - pipeline.rssStartMiB < RSS_GROWTH_LIMIT_MIB && pipeline.stalled,
        ),
        check(
          `${STOPPED_SHOP} SIGTERM with a half-sent request: exit ${exitCode} in ${shutdownMs} ms (≤ ${SHUTDOWN_BOUND_MS}), socket closed: ${slowClosed}`,
          exitCode === 0 && shutdownMs <= SHUTDOWN_BOUND_MS && slowClosed,
        ),
        check('orders still confirmed end to end afterwards', mttrMs !== null),
      ],
      details: {
        seed,
        httpRequests: HTTP_REQUESTS,
        rawRequests: raw.reduce((n, r) => n + r.tally.requests, 0),
        kafkaMessages: KAFKA_MESSAGES,
        notSentByClient: http.notSent,
        fiveHundreds: fiveHundreds.slice(0, 20),
        slowestHttp: http.slowest,
        manyKeys: { ...wide, tally: undefined },
        nonReadingKafkaClient: pipeline,
        slowShutdown: { exitCode, shutdownMs, socketClosed: slowClosed },
      },
    };
  },
};
