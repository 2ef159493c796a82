import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { OutboxService } from '@bulwark/messaging';
import { EntityManager } from 'typeorm';
import { Product } from '../catalog/product.entity';
import { DatabaseService } from '../database/database.service';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../database/pg-errors';
import { CreateOrderDto } from './order.dto';
import { Order } from './order.entity';
import { ORDERS_CREATED, OrderCreatedEvent } from './order-events';

/** An order and whether it was created by an earlier request with the same `Idempotency-Key`. */
export interface PlacedOrder {
  readonly order: Order;
  readonly replayed: boolean;
}

@Injectable()
export class OrdersService {
  constructor(
    private readonly db: DatabaseService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Reserves stock, records a PENDING order and its `orders.created` event in one transaction:
   * the order and its event never part (the outbox relay publishes it). The reservation is a single
   * conditional UPDATE, so concurrent orders never oversell and hold no row lock across round trips.
   */
  async place(dto: CreateOrderDto, idempotencyKey?: string): Promise<PlacedOrder> {
    if (idempotencyKey !== undefined) {
      const earlier = await this.findByKey(idempotencyKey);
      if (earlier) return this.replay(earlier, dto, idempotencyKey);
    }
    try {
      return { order: await this.insert(dto, idempotencyKey), replayed: false };
    } catch (err) {
      // A concurrent send of the same key committed first: our transaction (and its stock
      // reservation) rolled back, and the client gets the order that did commit.
      if (idempotencyKey === undefined || pgErrorCode(err) !== PG_UNIQUE_VIOLATION) throw err;
      const winner = await this.findByKey(idempotencyKey);
      if (!winner) throw err;
      return this.replay(winner, dto, idempotencyKey);
    }
  }

  private insert(dto: CreateOrderDto, idempotencyKey: string | undefined): Promise<Order> {
    return this.db.manager.transaction(async (m) => {
      await this.reserve(m, dto.productId, dto.quantity);
      const order = await m.save(
        Order,
        m.create(Order, {
          productId: dto.productId,
          quantity: dto.quantity,
          idempotencyKey: idempotencyKey ?? null,
        }),
      );
      const event: OrderCreatedEvent = {
        orderId: order.id,
        productId: order.productId,
        quantity: order.quantity,
      };
      await this.outbox.publish(m, {
        transport: 'kafka',
        destination: ORDERS_CREATED,
        key: String(order.id),
        payload: event,
      });
      return order;
    });
  }

  private findByKey(idempotencyKey: string): Promise<Order | null> {
    return this.db.manager.findOneBy(Order, { idempotencyKey });
  }

  /** The same key with another body is a client bug, not a retry: refuse it, change nothing. */
  private replay(order: Order, dto: CreateOrderDto, idempotencyKey: string): PlacedOrder {
    if (order.productId !== dto.productId || order.quantity !== dto.quantity) {
      throw new UnprocessableEntityException(
        `Idempotency-Key "${idempotencyKey}" was used for order ${order.id} with another body`,
      );
    }
    return { order, replayed: true };
  }

  async get(id: number): Promise<Order> {
    const order = await this.db.manager.findOneBy(Order, { id });
    if (!order) throw new NotFoundException(`Order ${id} not found`);
    return order;
  }

  private async reserve(m: EntityManager, productId: number, quantity: number): Promise<void> {
    const result = await m
      .createQueryBuilder()
      .update(Product)
      .set({ stock: () => 'stock - :quantity' })
      .where('id = :productId AND stock >= :quantity', { productId, quantity })
      .execute();
    if (result.affected === 1) return;
    // Nothing updated: tell an unknown product from a sold-out one (only on this unhappy path).
    const exists = await m.existsBy(Product, { id: productId });
    if (!exists) throw new NotFoundException(`Product ${productId} not found`);
    throw new ConflictException(`Product ${productId} has fewer than ${quantity} in stock`);
  }
}
