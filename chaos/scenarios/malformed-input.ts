import { SHOPS } from '../environment';
import { get } from '../http';
import { httpFuzz } from '../fuzz/http-fuzz';
import { malformedEvents } from '../fuzz/kafka-fuzz';
import { Prng } from '../fuzz/prng';
import { rawFuzz } from '../fuzz/raw-http';
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

/**
 * 6. Malformed input: seeded random and mutated HTTP requests (bad ids, bodies, headers, huge and
 * deeply nested JSON) on both shops, raw malformed HTTP on the socket, and malformed Kafka
 * payloads on `orders.created`. No answer may be a 5xx and no process may die; afterwards both
 * shops must still serve and confirm orders end to end.
 */
export const malformedInput: Scenario = {
  id: 6,
  name: 'malformed-input',
  title: 'Malformed-input fuzz (HTTP and Kafka)',
  timeoutMs: 240_000,
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
    const fuzzEndedAt = Date.now();
    const fiveHundreds = [...http.fiveHundreds, ...raw.flatMap((r) => r.fiveHundreds)];
    for (const line of fiveHundreds.slice(0, 20)) log(`5xx: ${line}`);
    const tally = new Tally().add(http.tally);
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
      },
    };
  },
};
