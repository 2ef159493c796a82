import { SHOPS } from '../environment';
import { call } from '../http';
import { sleep } from '../../test/support/wait-for';
import { noLossChecks, pendingOrders, settle } from '../orders-ledger';
import { timeToRecover } from '../recovery';
import { check, type Scenario } from '../scenario';
import { Tally } from '../tally';

/** Units at the start: fewer than the sale asks for, so it sells out and 409s run too. */
const SALE_STOCK = 1_500;
/**
 * Units an admin adds (`POST /products/:id/stock`) right after the broker stops, so orders are
 * accepted during the outage however fast the first units went (it depends on the machine).
 */
const RESTOCK = 1_000;
/** Buyers ordering back to back with no pause: demand above what two shops on 2 cores serve. */
const BUYERS = 60;
const SALE_MS = 50_000;
const KILL_SHOP_AT_MS = 3_000;
const KILL_REDIS_AT_MS = 8_000;
const REDIS_DOWN_MS = 3_000;
const STOP_BROKER_AT_MS = 14_000;
const BROKER_DOWN_MS = 30_000;
/** A buyer with no answer (connection refused by the killed shop, a 5xx) resends with its key. */
const RESENDS = 30;
const RESEND_PAUSE_MS = 200;
const CONFIRM_WITHIN_MS = 2_000;
const VICTIM = 'shop-b';

/**
 * 7. Flash sale: one hot product with limited stock, 60 buyers across both shops ordering as fast
 * as the shops answer, and during the sale shop-b SIGKILLed (restarted at once), Redis SIGKILLed
 * and restarted empty, and the Kafka broker stopped for 30 s (an admin restocks meanwhile). Buyers send an Idempotency-Key and
 * resend it when they get no answer, as the HTTP contract asks. Passes when the final answers
 * and Postgres agree exactly (accepted = persisted = confirmed, once each), nothing oversold, the
 * stock column equals the initial stock minus what the orders took, and nothing is left PENDING.
 * The order path keeps no stock counter in Redis (Postgres decides, see README "Write path of an
 * order"), so Redis's restart must simply not matter: there is no second counter to disagree.
 */
export const flashSale: Scenario = {
  id: 7,
  name: 'flash-sale',
  title: 'Flash sale on one hot product: shop SIGKILL, Redis restart, broker down 30 s',
  timeoutMs: 300_000,
  async run({ env, log }) {
    const [{ id: productId }] = await env.db.query<{ id: number }>(
      `INSERT INTO product (sku, name, price_cents, stock) VALUES ($1, 'flash sale', 100, $2)
       RETURNING id`,
      [`FLASH-${Date.now()}`, SALE_STOCK],
    );
    const tally = new Tally();
    const started = Date.now();
    const live = new Set<string>(SHOPS);
    let next = 0;
    let soldOutAt: number | undefined;

    const buy = async (n: number): Promise<{ status: number; id?: number }> => {
      for (let attempt = 0; attempt <= RESENDS; attempt++) {
        const shops = [...live];
        const shop = shops[(n + attempt) % shops.length];
        const res = await call(
          env.fleet.url(shop, '/orders'),
          {
            method: 'POST',
            body: { productId, quantity: 1 },
            headers: { 'idempotency-key': `flash-${started}-${n}` },
          },
          5_000,
        );
        if (res.status === 0) tally.failure(res.error ?? 'error');
        else tally.status(res.status);
        if (res.status === 202) return { status: 202, id: (res.body as { id: number }).id };
        if (res.status === 409) return { status: 409 };
        await sleep(RESEND_PAUSE_MS);
      }
      return { status: 0 };
    };
    const finals: Array<{ status: number; id?: number }> = [];
    const buyers = Promise.all(
      Array.from({ length: BUYERS }, async () => {
        while (Date.now() - started < SALE_MS) {
          const final = await buy(next++);
          if (final.status === 409) soldOutAt ??= Date.now() - started;
          finals.push(final);
        }
      }),
    );

    await sleep(KILL_SHOP_AT_MS);
    live.delete(VICTIM);
    await env.fleet.kill(VICTIM, 'SIGKILL');
    log(`${VICTIM} SIGKILLed mid-sale; restarting`);
    // In the background, as a supervisor would: the other faults keep their schedule. Settled into
    // a value at once, so a failed restart is reported rather than left unhandled.
    const restarted = env.fleet.start(VICTIM).then(
      () => {
        live.add(VICTIM);
        log(`${VICTIM} ready again`);
      },
      (err: unknown) => err,
    );
    await sleep(Math.max(0, KILL_REDIS_AT_MS - (Date.now() - started)));
    await env.redis.kill();
    log('redis killed');
    await sleep(REDIS_DOWN_MS);
    await env.redis.restart();
    log('redis restarted empty');
    await sleep(Math.max(0, STOP_BROKER_AT_MS - (Date.now() - started)));
    await env.broker.kill();
    const acceptedAtStop = finals.filter((f) => f.status === 202).length;
    log('kafka broker stopped');
    const restock = await call(env.fleet.url('shop-a', `/products/${productId}/stock`), {
      method: 'POST',
      body: { delta: RESTOCK },
    });
    log(`restocked ${RESTOCK} units during the sale: ${restock.status}`);
    await sleep(BROKER_DOWN_MS);
    const acceptedDuringOutage = finals.filter((f) => f.status === 202).length - acceptedAtStop;
    await env.broker.restart();
    const liftedAt = Date.now();
    log('kafka broker restarted');
    await buyers;
    const restartError = await restarted;
    if (restartError) throw restartError;

    const accepted = finals.filter((f) => f.status === 202).map((f) => f.id!);
    const refused = finals.filter((f) => f.status === 409).length;
    const unanswered = finals.filter((f) => f.status === 0).length;
    const mttrMs = await timeToRecover(
      liftedAt,
      async () =>
        (await Promise.all(SHOPS.map((s) => env.orderConfirmed(s, CONFIRM_WITHIN_MS)))).every(
          Boolean,
        ),
      120_000,
    );
    const orders = await settle(env.db, accepted, 180_000);
    const pending = await pendingOrders(env.db);
    const [ledger] = await env.db.query<{ stock: number; persisted: string; units: string }>(
      `SELECT p.stock, count(o.id) AS persisted, coalesce(sum(o.quantity), 0) AS units
         FROM product p LEFT JOIN orders o ON o.product_id = p.id
        WHERE p.id = $1 GROUP BY p.stock`,
      [productId],
    );
    const persisted = Number(ledger.persisted);
    const units = Number(ledger.units);
    return {
      tally,
      orders,
      mttrMs,
      checks: [
        ...noLossChecks(orders, pending),
        check(`buyers left without an answer ${unanswered} = 0`, unanswered === 0),
        check(
          `accepted ${accepted.length} = persisted ${persisted} = confirmed ${orders.consumed}`,
          accepted.length === persisted && persisted === orders.consumed,
        ),
        check(
          `distinct order ids ${new Set(accepted).size} = accepted ${accepted.length}`,
          new Set(accepted).size === accepted.length,
        ),
        check(`restock during the sale answered ${restock.status} = 200`, restock.status === 200),
        check(
          `accepted while the broker was down ${acceptedDuringOutage} > 0`,
          acceptedDuringOutage > 0,
        ),
        check(`sold ${units} ≤ stock ${SALE_STOCK + RESTOCK}`, units <= SALE_STOCK + RESTOCK),
        check(
          `Postgres stock ${ledger.stock} = ${SALE_STOCK} + ${RESTOCK} − sold ${units}`,
          ledger.stock === SALE_STOCK + RESTOCK - units,
        ),
        check(
          `sold out (${refused} × 409) only when stock is 0: ${ledger.stock}`,
          refused === 0 || ledger.stock === 0,
        ),
      ],
      details: {
        stock: SALE_STOCK,
        restock: RESTOCK,
        attempts: finals.length,
        accepted: accepted.length,
        refused,
        soldOutAfterMs: soldOutAt ?? null,
        acceptedDuringBrokerOutage: acceptedDuringOutage,
        redisStockCounter: 'none: Postgres decides each reservation (group commit)',
        drainMs: orders.settleMs,
      },
    };
  },
};
