import { MESSAGE_ID_HEADER } from '@bulwark/common';
import { ORDERS_CREATED } from './order-events';

/** What runs the statement: the app's TypeORM `EntityManager` (or a bare pg pool in the bench). */
export interface SqlRunner {
  query(sql: string, parameters: unknown[]): Promise<unknown>;
}

/** One buyer's request inside a group-commit batch. */
export interface OrderRequest {
  readonly productId: number;
  readonly quantity: number;
  readonly idempotencyKey: string | null;
  /**
   * Extra headers of its `orders.created` outbox row, captured in the request's own context: the
   * trace context (`traceContextHeaders`), since the batch runs in whichever request started it.
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the batch statement decided for one request, in the batch's order. */
export type OrderDecision =
  | { readonly kind: 'accepted'; readonly id: number; readonly createdAt: Date }
  /** Its `Idempotency-Key` is already taken (earlier, or by another request of the batch). */
  | { readonly kind: 'key-taken' }
  | { readonly kind: 'unknown-product' }
  /** Not enough stock for it after the orders before it; `remaining` is what is left now. */
  | { readonly kind: 'sold-out'; readonly remaining: number };

interface DecisionRow {
  n: string;
  id: number | null;
  created_at: Date | null;
  key_taken: boolean;
  known: boolean;
  remaining: number | null;
}

/*
 * The whole batch is ONE statement in its own implicit transaction: lock the batch's product rows
 * (in id order, so two batches never deadlock), hand out stock in arrival order, insert the orders
 * and their `orders.created` outbox rows, and take each product's stock down once by the batch's
 * total. The hot row's lock is held for a single round trip and one WAL flush, whatever the batch
 * size; the one-order-per-transaction path holds it across four round trips per order.
 *
 * Raw SQL rather than the query builder / `save`: the ORM cannot express this statement, and its
 * per-call cost (metadata walk, entity hydration, a RETURNING round trip per save) is what the
 * synchronous path spent most of its CPU on. It still runs through the app's DataSource, so pool,
 * search_path (the schema) and shutdown are shared.
 *
 * Ids are drawn from the orders sequence before the insert so each decision can be joined back to
 * its request by id (RETURNING order is not guaranteed). Idempotency-Keys need no lookup before
 * the batch: a key already committed is seen here and its request takes no part in the allocation;
 * one taken by a concurrent batch not yet committed (or twice in this batch) is skipped by ON
 * CONFLICT DO NOTHING, which waits for that batch. Stock is only taken for orders actually
 * inserted, so a skipped request never holds any. The version / updated_at bump matches what the ORM's UPDATE did on the old path.
 *
 * Two shapes keep the plan from scanning tables that grow: the Idempotency-Key check runs only
 * for requests that carry a key, and `OFFSET 0` keeps it a probe of the key's unique index per
 * request. Without both, Postgres hashed the whole orders table for every batch whenever its
 * statistics were young (a fresh schema, the first minutes of a sale): bench:orders read ~9M
 * order rows in 15 s for batches that had no key at all. The product rows are picked with
 * `= ANY (ARRAY(SELECT DISTINCT ...))`, which the primary key can serve in id order (`IN
 * (SELECT ...)` planned a hash join over the whole catalog), and whose array holds each product
 * once: a hot product's batch of 25 orders compares one id per row scanned, not 25.
 */
const PLACE_BATCH_SQL = `
WITH req AS (
  SELECT r.n, r.product_id, r.quantity, r.idem_key,
         r.idem_key IS NOT NULL
           AND EXISTS (SELECT 1 FROM orders o WHERE o.idempotency_key = r.idem_key OFFSET 0) AS key_taken
    FROM unnest($1::int[], $2::int[], $3::varchar[]) WITH ORDINALITY AS r(product_id, quantity, idem_key, n)
), locked AS (
  SELECT p.id, p.stock FROM product p
   WHERE p.id = ANY (ARRAY(SELECT DISTINCT product_id FROM req))
   ORDER BY p.id FOR NO KEY UPDATE
), alloc AS (
  SELECT req.n, req.product_id, req.quantity, req.idem_key, l.stock,
         sum(req.quantity) OVER (PARTITION BY req.product_id ORDER BY req.n) AS running
    FROM req JOIN locked l ON l.id = req.product_id
   WHERE NOT req.key_taken
), acc AS (
  SELECT a.n, a.product_id, a.quantity, a.idem_key, nextval(pg_get_serial_sequence('orders', 'id'))::int AS id
    FROM alloc a WHERE a.running <= a.stock
), ins AS (
  INSERT INTO orders (id, product_id, quantity, idempotency_key)
  SELECT id, product_id, quantity, idem_key FROM acc ORDER BY n
  ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
  RETURNING id, product_id, quantity, created_at
), taken AS (
  SELECT product_id, sum(quantity)::int AS total FROM ins GROUP BY product_id
), upd AS (
  -- Data-modifying CTEs run to completion whether or not the final SELECT reads them.
  -- stock comes from the locked row, not p: p is the version this statement's snapshot saw, and
  -- Postgres checks CHECK (stock >= 0) on a new row computed from it BEFORE it notices a newer
  -- committed version (an admin's restock) and recomputes. From p, an order batch right after a
  -- restock from 0 failed that check. The locked row is the newest, and ours until commit.
  UPDATE product p SET stock = l.stock - t.total, version = p.version + 1, updated_at = now()
    FROM taken t JOIN locked l ON l.id = t.product_id WHERE p.id = t.product_id
  RETURNING p.id
), ob AS (
  INSERT INTO outbox (id, transport, destination, key, payload, headers)
  SELECT e.uuid, 'kafka', $4, e.id::text,
         jsonb_build_object('orderId', e.id, 'productId', e.product_id, 'quantity', e.quantity),
         coalesce(($6::jsonb[])[e.n], '{}'::jsonb) || jsonb_build_object($5::text, e.uuid::text)
    FROM (SELECT gen_random_uuid() AS uuid, ins.*, acc.n FROM ins JOIN acc ON acc.id = ins.id) e
  RETURNING id
)
SELECT req.n, ins.id, ins.created_at, req.key_taken OR acc.id IS NOT NULL AS key_taken,
       l.id IS NOT NULL AS known,
       l.stock - coalesce(t.total, 0) AS remaining
  FROM req
  LEFT JOIN acc ON acc.n = req.n
  LEFT JOIN ins ON ins.id = acc.id
  LEFT JOIN locked l ON l.id = req.product_id
  LEFT JOIN taken t ON t.product_id = req.product_id
 ORDER BY req.n`;

/**
 * Places a batch of orders in one statement (see above) and returns one decision per request, in
 * order. Never oversells: stock is handed out against the locked row, and the product's CHECK
 * (stock >= 0) would fail the whole statement rather than let it go negative.
 */
export async function placeOrderBatch(
  manager: SqlRunner,
  requests: readonly OrderRequest[],
): Promise<OrderDecision[]> {
  const rows = (await manager.query(PLACE_BATCH_SQL, [
    requests.map((r) => r.productId),
    requests.map((r) => r.quantity),
    requests.map((r) => r.idempotencyKey),
    ORDERS_CREATED,
    MESSAGE_ID_HEADER,
    requests.map((r) => (r.headers && Object.keys(r.headers).length > 0 ? r.headers : null)),
  ])) as DecisionRow[];
  return rows.map((row): OrderDecision => {
    if (row.id !== null) return { kind: 'accepted', id: row.id, createdAt: row.created_at! };
    if (row.key_taken) return { kind: 'key-taken' };
    if (!row.known) return { kind: 'unknown-product' };
    return { kind: 'sold-out', remaining: Number(row.remaining) };
  });
}
