import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Transports an outbox row can target. */
export type OutboxTransport = 'kafka' | 'rabbitmq';

/**
 * One event waiting to leave the database. Written in the same transaction as the business change
 * (see `OutboxService.publish`) and sent by `OutboxRelay`; `x-message-id` = `id` lets consumers
 * deduplicate the at-least-once delivery.
 * @publicApi
 */
@Entity({ name: 'outbox' })
@Index('outbox_unsent_idx', ['createdAt', 'seq'], { where: 'sent_at IS NULL' })
@Index('outbox_unsent_key_idx', ['transport', 'destination', 'key', 'createdAt', 'seq'], {
  where: 'sent_at IS NULL',
})
export class OutboxMessage {
  @PrimaryColumn('uuid')
  id: string;

  /** Tiebreaker for rows created in the same microsecond, so per-key order is total. */
  @Column({ type: 'bigint', generated: 'increment', insert: false })
  seq: string;

  @Column({ type: 'varchar', length: 16 })
  transport: OutboxTransport;

  /** Kafka topic or RabbitMQ exchange (`''` = default exchange, routing key = queue). */
  @Column({ type: 'varchar', length: 255 })
  destination: string;

  /** Kafka key or RabbitMQ routing key; rows sharing it are sent in creation order. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  key: string | null;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  headers: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
