import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OutboxService } from '@bulwark/messaging';
import { EntityManager } from 'typeorm';
import { ShopEnv } from '../config/env';
import { Fulfilment } from './fulfilment.entity';
import {
  NOTIFICATIONS,
  ORDER_CONFIRMED_ROUTING_KEY,
  OrderConfirmedNotification,
} from './order-events';
import { Order } from './order.entity';

/**
 * The effect of an `orders.created` event, run inside the inbox transaction: PENDING → CONFIRMED,
 * one fulfilment row, and (with RabbitMQ configured) the notification work item through the
 * outbox. Stock is not touched: it was reserved by `POST /orders`.
 */
@Injectable()
export class OrderConfirmationService {
  private readonly notify: boolean;

  constructor(
    private readonly outbox: OutboxService,
    config: ConfigService<ShopEnv, true>,
  ) {
    // Without RabbitMQ no relay would ever send these rows, so none are written.
    this.notify = Boolean(config.get('RABBITMQ_URL', { infer: true }));
  }

  /** Returns false when the order was not PENDING (already confirmed or unknown): nothing to do. */
  async confirm(m: EntityManager, orderId: number): Promise<boolean> {
    const result = await m
      .createQueryBuilder()
      .update(Order)
      .set({ status: 'CONFIRMED' })
      .where('id = :orderId AND status = :pending', { orderId, pending: 'PENDING' })
      .execute();
    if (result.affected !== 1) return false;
    await m.insert(Fulfilment, { orderId });
    if (this.notify) {
      const payload: OrderConfirmedNotification = { orderId };
      await this.outbox.publish(m, {
        transport: 'rabbitmq',
        destination: NOTIFICATIONS,
        key: ORDER_CONFIRMED_ROUTING_KEY,
        payload,
      });
    }
    return true;
  }
}
