import { SHOPS } from '../environment';
import { sleep } from '../../test/support/wait-for';
import { startOrderLoad } from '../order-load';
import { noLossChecks, pendingOrders, settle } from '../orders-ledger';
import { timeToRecover } from '../recovery';
import { check, type Scenario } from '../scenario';

const BEFORE_MS = 4_000;
const OUTAGE_MS = 30_000;
const RATE_PER_SHOP = 25;
/** The end-to-end probe's allowance from 202 to CONFIRMED. */
const CONFIRM_WITHIN_MS = 2_000;

/**
 * 3. The Kafka broker SIGKILLed for 30 s while orders keep being placed on both shops, then started
 * again with its data directory. Orders are accepted through the outbox meanwhile; after the
 * restart every accepted order must be confirmed exactly once.
 */
export const kafkaOutage: Scenario = {
  id: 3,
  name: 'kafka-outage',
  title: 'Kafka broker stopped for 30 s while orders are placed',
  timeoutMs: 240_000,
  async run({ env, log }) {
    const bases = SHOPS.map((s) => env.fleet.base(s));
    const seconds = (BEFORE_MS + OUTAGE_MS) / 1000;
    const { load, accepted } = startOrderLoad(bases, RATE_PER_SHOP, seconds);
    await sleep(BEFORE_MS);
    await env.broker.kill();
    const acceptedAtKill = accepted.ids.length;
    log('kafka broker killed');
    await sleep(OUTAGE_MS - 1_000);
    // Evidence the fault bit: orders accepted during the outage are waiting in the outbox.
    const unsentInOutbox = await env.db.count(
      `SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL`,
    );
    await sleep(1_000);
    await env.broker.restart();
    const liftedAt = Date.now();
    log('kafka broker restarted');
    const tally = await load.done;
    const mttrMs = await timeToRecover(
      liftedAt,
      async () =>
        (await Promise.all(SHOPS.map((s) => env.orderConfirmed(s, CONFIRM_WITHIN_MS)))).every(
          Boolean,
        ),
      120_000,
    );
    const orders = await settle(env.db, accepted.ids, 120_000);
    const pending = await pendingOrders(env.db);
    const accepted202 = tally.count((s) => s === 202);
    return {
      tally,
      orders,
      mttrMs,
      checks: [
        ...noLossChecks(orders, pending),
        check(
          `accepted during the outage ${accepted.ids.length - acceptedAtKill} > 0`,
          accepted.ids.length > acceptedAtKill,
        ),
        check(
          `202 ids read ${accepted.ids.length} = 202s ${accepted202}`,
          accepted.ids.length === accepted202,
        ),
      ],
      details: {
        outageMs: OUTAGE_MS,
        acceptedDuringOutage: accepted.ids.length - acceptedAtKill,
        unsentInOutboxBeforeRestart: unsentInOutbox,
        drainMs: orders.settleMs,
      },
    };
  },
};
