import { ORDER_PRODUCTS } from '../catalog-plan';
import { SHOPS } from '../environment';
import { waitFor } from '../../test/support/wait-for';
import { ORDERS_CREATED, orderCreatedEvents, publish } from '../order-events';
import { startOrderLoad } from '../order-load';
import {
  insertPendingOrders,
  noLossChecks,
  orderOutcome,
  pendingOrders,
  settle,
} from '../orders-ledger';
import { timeToRecover } from '../recovery';
import { check, type Scenario } from '../scenario';

const BACKLOG = 4_000;
/** Kill once this share of the backlog is confirmed: the victim is then mid-way through it. */
const KILL_AT_SHARE = 0.25;
const CONFIRM_WITHIN_MS = 2_000;
const VICTIM = 'shop-b';

/**
 * 4. A consumer process SIGKILLed mid-batch. A backlog of 4,000 `orders.created` events (real
 * PENDING orders) is being consumed by both shops, orders keep arriving on shop-a, and shop-b is
 * SIGKILLed once a quarter of the backlog is confirmed, then started again at once (as a
 * supervisor would). Uncommitted work is redelivered; the inbox must absorb every replay.
 */
export const consumerKill: Scenario = {
  id: 4,
  name: 'consumer-kill',
  title: 'Consumer process SIGKILLed mid-batch',
  timeoutMs: 240_000,
  async run({ env, log }) {
    const kafka = env.kafka();
    const backlog = await insertPendingOrders(env.db, BACKLOG, ORDER_PRODUCTS.from);
    const { load, accepted } = startOrderLoad([env.fleet.base('shop-a')], 20, 20);
    await publish(
      kafka,
      ORDERS_CREATED,
      orderCreatedEvents(backlog, ORDER_PRODUCTS.from, 'chaos-s4'),
    );
    await waitFor(
      'the backlog being consumed',
      async () =>
        ((await orderOutcome(env.db, backlog).catch(() => undefined))?.consumed ?? 0) >=
        BACKLOG * KILL_AT_SHARE,
      60_000,
      50,
    );
    await env.fleet.kill(VICTIM, 'SIGKILL');
    const killedAt = Date.now();
    const consumedAtKill = (await orderOutcome(env.db, backlog)).consumed;
    log(
      `${VICTIM} SIGKILLed with ${consumedAtKill}/${BACKLOG} of the backlog confirmed; restarting`,
    );
    // Settled into a value at once: a failed restart must not go unhandled while probes run.
    const restarted = env.fleet.start(VICTIM).then(
      () => undefined,
      (err: unknown) => err,
    );
    const mttrMs = await timeToRecover(
      killedAt,
      async () =>
        (await Promise.all(SHOPS.map((s) => env.orderConfirmed(s, CONFIRM_WITHIN_MS)))).every(
          Boolean,
        ),
      150_000,
    );
    const restartError = await restarted;
    if (restartError) throw restartError;
    const tally = await load.done;
    const orders = await settle(env.db, [...backlog, ...accepted.ids], 150_000);
    const pending = await pendingOrders(env.db);
    return {
      tally,
      orders,
      mttrMs,
      checks: [
        ...noLossChecks(orders, pending),
        check(
          `killed mid-backlog (${consumedAtKill}/${BACKLOG} confirmed)`,
          consumedAtKill < BACKLOG,
        ),
      ],
      details: {
        backlog: BACKLOG,
        acceptedViaHttp: accepted.ids.length,
        consumedAtKill,
        drainMs: orders.settleMs,
      },
    };
  },
};
