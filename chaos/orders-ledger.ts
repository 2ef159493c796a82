import type { ChaosDatabase } from './database';
import { sleep, waitFor } from '../test/support/wait-for';
import { type Check, check } from './scenario';

/** What became of a set of orders the scenario created (accepted with 202, or inserted). */
export interface OrderOutcome {
  readonly placed: number;
  /** CONFIRMED with exactly one fulfilment row. */
  readonly consumed: number;
  /** Placed but not consumed by the end of the wait. */
  readonly lost: number;
  /** Fulfilment rows beyond the first of an order: an effect applied twice. */
  readonly duplicatedEffects: number;
}

/** Outcome of `ids` now. */
export async function orderOutcome(
  db: ChaosDatabase,
  ids: readonly number[],
): Promise<OrderOutcome> {
  const [row] = await db.query<{ consumed: string; dup: string }>(
    `SELECT count(*) FILTER (WHERE o.status = 'CONFIRMED' AND f.n = 1) AS consumed,
            coalesce(sum(greatest(f.n - 1, 0)), 0) AS dup
       FROM unnest($1::int[]) AS i(id)
       LEFT JOIN orders o ON o.id = i.id
       LEFT JOIN (SELECT order_id, count(*) AS n FROM fulfilment
                   WHERE order_id = ANY($1::int[]) GROUP BY order_id) f ON f.order_id = i.id`,
    [ids],
  );
  const consumed = Number(row.consumed);
  return {
    placed: ids.length,
    consumed,
    lost: ids.length - consumed,
    duplicatedEffects: Number(row.dup),
  };
}

/**
 * Waits until every order in `ids` is consumed or `timeoutMs` passes, then one more second for a
 * late duplicate to show up, and returns the outcome.
 */
export async function settle(
  db: ChaosDatabase,
  ids: readonly number[],
  timeoutMs: number,
): Promise<OrderOutcome & { settleMs: number }> {
  const started = Date.now();
  // Not settling in time is an outcome (the orders still lost are reported), not an error.
  await waitFor(
    'every order consumed',
    // A failed count (the database is what a scenario disturbs) is "not yet".
    async () => (await orderOutcome(db, ids).catch(() => undefined))?.lost === 0,
    timeoutMs,
    500,
  ).catch(() => undefined);
  const settleMs = Date.now() - started;
  await sleep(1_000);
  return { ...(await orderOutcome(db, ids)), settleMs };
}

/** Orders still PENDING anywhere in the database (placed by any scenario, seen by a client or not). */
export function pendingOrders(db: ChaosDatabase): Promise<number> {
  return db.count(`SELECT count(*) AS n FROM orders WHERE status = 'PENDING'`);
}

/** PENDING orders inserted directly (no outbox row): the scenario publishes their events itself. */
export async function insertPendingOrders(
  db: ChaosDatabase,
  count: number,
  productId: number,
): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO orders (product_id, quantity) SELECT $1, 1 FROM generate_series(1, $2) RETURNING id`,
    [productId, count],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Collects the ids of accepted orders from `POST /orders` 202 bodies. */
export class AcceptedOrders {
  readonly ids: number[] = [];

  onResponse = (status: number, body: string): void => {
    if (status !== 202) return;
    try {
      const id = (JSON.parse(body) as { id?: unknown }).id;
      if (typeof id === 'number') this.ids.push(id);
    } catch {
      // a 202 without its JSON body is counted by the tally, not here
    }
  };
}

/** The thresholds every order-carrying scenario shares: nothing lost, nothing applied twice. */
export function noLossChecks(orders: OrderOutcome, pending: number): Check[] {
  return [
    check(`lost ${orders.lost} = 0`, orders.lost === 0),
    check(`duplicated effects ${orders.duplicatedEffects} = 0`, orders.duplicatedEffects === 0),
    check(`orders left PENDING anywhere ${pending} = 0`, pending === 0),
  ];
}
