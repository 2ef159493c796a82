import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The effect of confirming an order, which must happen exactly once: one row per order (the
 * primary key makes a second one impossible even if the inbox were bypassed).
 */
@Entity({ name: 'fulfilment' })
export class Fulfilment {
  @PrimaryColumn({ name: 'order_id', type: 'integer' })
  orderId!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
