import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The business effect of handling one message (e.g. a fulfilment row); one per message id. */
@Entity({ name: 'effect' })
export class Effect {
  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 200 })
  messageId: string;

  @Column({ name: 'order_key', type: 'varchar', length: 200 })
  orderKey: string;

  @Column({ type: 'int' })
  seq: number;

  /** Commit order of effects, to check per-key order end to end. */
  @Column({ type: 'bigint', generated: 'increment', insert: false })
  applied: string;
}
