import { ORDER_PRODUCTS } from '../catalog-plan';
import { SHOPS } from '../environment';
import { call } from '../http';
import { waitFor } from '../../test/support/wait-for';
import { ORDERS_CREATED, orderCreatedEvents, publish } from '../order-events';
import { startOrderLoad } from '../order-load';
import { insertPendingOrders, settle } from '../orders-ledger';
import { timeToRecover } from '../recovery';
import { check, type Scenario } from '../scenario';

const GOOD = 10_000;
const CONFIRM_WITHIN_MS = 2_000;

interface DeadLetter {
  key: string | null;
  headers: Record<string, string>;
}

/**
 * 5. One poison message among 10,000 good ones on `orders.created`. The poison has an `orderId`
 * that is not a number, which the shop's consumer rejects with `PoisonMessageError` (not retriable:
 * straight to `orders.created.dlq`). The 10,000 good events are for real PENDING orders inserted
 * for the purpose; all must be confirmed, and the poison must be in the DLQ, listed by the admin
 * API with its failure headers.
 */
export const poisonMessage: Scenario = {
  id: 5,
  name: 'poison-message',
  title: 'Poison message among 10,000 good ones',
  timeoutMs: 240_000,
  async run({ env, seed }) {
    const poisonKey = `chaos-poison-${seed}`;
    const good = await insertPendingOrders(env.db, GOOD, ORDER_PRODUCTS.from);
    const events = orderCreatedEvents(good, ORDER_PRODUCTS.from, `chaos-s5-${seed}`);
    events.splice(GOOD / 2, 0, {
      key: poisonKey,
      value: JSON.stringify({
        orderId: 'not-a-number',
        productId: ORDER_PRODUCTS.from,
        quantity: 1,
      }),
      headers: { 'x-message-id': poisonKey },
    });
    const bases = SHOPS.map((s) => env.fleet.base(s));
    const { load, accepted } = startOrderLoad(bases, 20, 15);
    await publish(env.kafka(), ORDERS_CREATED, events);
    const publishedAt = Date.now();
    const mttrMs = await timeToRecover(
      publishedAt,
      async () =>
        (await Promise.all(SHOPS.map((s) => env.orderConfirmed(s, CONFIRM_WITHIN_MS)))).every(
          Boolean,
        ),
      150_000,
    );
    const tally = await load.done;
    const orders = await settle(env.db, [...good, ...accepted.ids], 150_000);

    let letters: DeadLetter[] = [];
    const admin = env.fleet.url('shop-a', `/admin/dlq/${ORDERS_CREATED}?limit=1000`);
    // Not listed in time is reported by the verdict below (poison missing), not thrown.
    await waitFor(
      'the poison message in the DLQ',
      async () => {
        const res = await call(admin, { headers: env.adminHeaders }, 15_000);
        tally.status(res.status);
        letters = res.status === 200 ? (res.body as DeadLetter[]) : [];
        return letters.some((l) => l.key === poisonKey);
      },
      30_000,
      1_000,
    ).catch(() => undefined);
    const poison = letters.find((l) => l.key === poisonKey);
    const goodKeys = new Set(good.map(String));
    const goodInDlq = letters.filter((l) => l.key !== null && goodKeys.has(l.key)).length;
    const errorClass = Object.entries(poison?.headers ?? {}).find(
      ([k]) => k === 'x-error-class',
    )?.[1];
    return {
      tally,
      orders,
      mttrMs,
      checks: [
        check(`poison in ${ORDERS_CREATED}.dlq (${errorClass ?? 'absent'})`, poison !== undefined),
        check(
          `consumed ${orders.consumed}/${orders.placed} (10,000 good + the HTTP orders)`,
          orders.lost === 0,
        ),
        check(`good ones in the DLQ ${goodInDlq} = 0`, goodInDlq === 0),
        check(`duplicated effects ${orders.duplicatedEffects} = 0`, orders.duplicatedEffects === 0),
      ],
      details: {
        good: GOOD,
        acceptedViaHttp: accepted.ids.length,
        poisonHeaders: poison?.headers ?? null,
        dlqSize: letters.length,
        drainMs: orders.settleMs,
      },
    };
  },
};
