import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A "sent" order-confirmation notification (the RabbitMQ work item's effect), once per order. */
@Entity({ name: 'notification' })
export class Notification {
  @PrimaryColumn({ name: 'order_id', type: 'integer' })
  orderId!: number;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
