import type { EntityManager } from 'typeorm';
import type { OutboxTransport } from './outbox.entity';

/*
 * Raw SQL for the relay. Kept in SQL (not the query builder) because the claim needs
 * `FOR UPDATE SKIP LOCKED` and the order check needs row-value comparison on microsecond
 * timestamps, which would lose precision if they travelled through JS `Date`.
 */

/** Locks up to `limit` unsent rows no other relay holds, oldest first. */
export function claimBatch<T>(
  manager: EntityManager,
  table: string,
  transports: readonly OutboxTransport[],
  limit: number,
): Promise<T[]> {
  return manager.query(
    // The insert time travels as a header (epoch ms) so a consumer can measure end-to-end latency.
    `SELECT id, transport, destination, key, payload,
            headers || jsonb_build_object('x-outbox-created-at',
              floor(EXTRACT(EPOCH FROM created_at) * 1000)::bigint::text) AS headers
       FROM ${table}
      WHERE sent_at IS NULL AND transport = ANY($1::text[])
      ORDER BY created_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [transports, limit],
  );
}

/**
 * Keys of the batch that have an earlier unsent row outside it: that row is held by another relay
 * (or failed earlier), so sending ours would overtake it.
 */
export async function findBlockedKeys(
  manager: EntityManager,
  table: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const rows: Array<{ transport: string; destination: string; key: string }> = await manager.query(
    `SELECT DISTINCT h.transport, h.destination, h.key FROM ${table} h
       JOIN ${table} o ON o.transport = h.transport AND o.destination = h.destination AND o.key = h.key
      WHERE h.id = ANY($1::uuid[]) AND o.sent_at IS NULL AND NOT (o.id = ANY($1::uuid[]))
        AND (o.created_at, o.seq) < (h.created_at, h.seq)`,
    [ids],
  );
  return new Set(rows.map((r) => `${r.transport}\u0000${r.destination}\u0000${r.key}`));
}

/** Marks confirmed rows sent, in the claiming transaction. */
export async function markSent(manager: EntityManager, table: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  await manager.query(
    `UPDATE ${table} SET sent_at = clock_timestamp(), attempts = attempts + 1, last_error = NULL
      WHERE id = ANY($1::uuid[])`,
    [ids],
  );
}

/** Counts a failed attempt and keeps its error; the row stays unsent and blocks its key. */
export async function markFailed(
  manager: EntityManager,
  table: string,
  failures: ReadonlyArray<{ id: string; error: string }>,
) {
  if (failures.length === 0) return;
  await manager.query(
    `UPDATE ${table} t SET attempts = t.attempts + 1, last_error = f.error
       FROM unnest($1::uuid[], $2::text[]) AS f(id, error) WHERE t.id = f.id`,
    [failures.map((f) => f.id), failures.map((f) => f.error.slice(0, 2000))],
  );
}

/** Deletes sent rows older than the retention, in bounded chunks to keep locks short. */
export async function pruneSent(manager: EntityManager, table: string, retentionMs: number) {
  await manager.query(
    `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table}
      WHERE sent_at IS NOT NULL AND sent_at < clock_timestamp() - make_interval(secs => $1::float8 / 1000)
      LIMIT 10000)`,
    [retentionMs],
  );
}
