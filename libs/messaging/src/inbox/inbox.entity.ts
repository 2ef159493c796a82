import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Proof that `consumer` already applied message `messageId`. The composite primary key is the
 * deduplication: a second insert for the same pair conflicts.
 * @publicApi
 */
@Entity({ name: 'inbox' })
export class InboxMessage {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  consumer: string;

  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 200 })
  messageId: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt: Date;
}
