import type { DataSource } from 'typeorm';
import type { OutboxTransport } from './outbox.entity';

/** Unsent rows of one transport. */
export interface OutboxBacklog {
  readonly transport: OutboxTransport;
  readonly unsent: number;
  /** Age of the oldest unsent row, by the database's clock (0 when there is none). */
  readonly oldestAgeSeconds: number;
}

/**
 * One grouped read of the unsent rows. `sent_at IS NULL` matches the partial index
 * `outbox_unsent_idx`, so Postgres counts from that index (which holds only unsent rows) and
 * never scans the sent history. Ages use the database clock, like `created_at`.
 */
export async function readOutboxBacklog(
  dataSource: DataSource,
  table: string,
): Promise<OutboxBacklog[]> {
  const rows: Array<{ transport: OutboxTransport; unsent: number; oldest: number }> =
    await dataSource.query(
      `SELECT transport, count(*)::int AS unsent,
              EXTRACT(EPOCH FROM clock_timestamp() - min(created_at))::float8 AS oldest
         FROM ${table} WHERE sent_at IS NULL GROUP BY transport`,
    );
  return rows.map((r) => ({
    transport: r.transport,
    unsent: Number(r.unsent),
    oldestAgeSeconds: Math.max(0, Number(r.oldest)),
  }));
}
