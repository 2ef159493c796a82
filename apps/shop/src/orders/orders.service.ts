import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OutboxService, traceContextHeaders } from '@bulwark/messaging';
import { ResiliencePolicies } from '@bulwark/resilience';
import { EntityManager } from 'typeorm';
import { Product } from '../catalog/product.entity';
import { ShopEnv } from '../config/env';
import { DatabaseService } from '../database/database.service';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../database/pg-errors';
import { CreateOrderDto } from './order.dto';
import { Order } from './order.entity';
import { ORDERS_CREATED, OrderCreatedEvent } from './order-events';
import { OrderBatcher } from './order-batcher';
import { OrderRequest } from './order-batch.sql';
import { OrderWrites } from './order-writes';
import { scopedIdempotencyKey } from './idempotency-scope';

/** An order and whether it was created by an earlier request with the same `Idempotency-Key`. */
export interface PlacedOrder {
  readonly order: Order;
  readonly replayed: boolean;
}

@Injectable()
export class OrdersService {
  private readonly groupCommit: boolean;

  constructor(
    private readonly db: DatabaseService,
    private readonly outbox: OutboxService,
    private readonly batcher: OrderBatcher,
    private readonly writes: OrderWrites,
    private readonly policies: ResiliencePolicies,
    config: ConfigService<ShopEnv, true>,
  ) {
    this.groupCommit = config.get('ORDERS_GROUP_COMMIT', { infer: true });
  }

  /**
   * Reserves stock and records a PENDING order with its `orders.created` event (outbox row) in one
   * transaction, so they never part and the answer comes only after the commit: a 202 is durable.
   * By default the transaction is shared with the orders that arrived meanwhile (group commit, see
   * {@link OrderBatcher}); with ORDERS_GROUP_COMMIT=false it is one transaction per order.
   */
  async place(dto: CreateOrderDto, key?: string, scope?: string): Promise<PlacedOrder> {
    // Stored and compared per client (see IdempotencyScope); messages quote the client's own key.
    const idempotencyKey = key === undefined ? undefined : scopedIdempotencyKey(key, scope);
    // The batch statement recognises a used key itself: no lookup round trip before it.
    if (this.groupCommit) {
      return this.placeInBatch(
        {
          ...dto,
          idempotencyKey: idempotencyKey ?? null,
          // Here, in this request's context: the batch statement runs in another request's.
          headers: traceContextHeaders(),
        },
        key,
      );
    }
    if (idempotencyKey !== undefined) {
      const earlier = await this.findByKey(idempotencyKey);
      if (earlier) return this.replay(earlier, dto, key!);
    }
    return this.placeAlone(dto, idempotencyKey, key);
  }

  private async placeInBatch(request: OrderRequest, key?: string): Promise<PlacedOrder> {
    const decision = await this.batcher.submit(request);
    switch (decision.kind) {
      case 'accepted': {
        const order = Object.assign(new Order(), {
          id: decision.id,
          productId: request.productId,
          quantity: request.quantity,
          status: 'PENDING' as const,
          createdAt: decision.createdAt,
        });
        return { order, replayed: false };
      }
      case 'key-taken': {
        // An earlier request with this key, or a concurrent one that committed first (or sat in
        // this very batch): answer with its order, or 422 if it was for another body.
        const winner = await this.findByKey(request.idempotencyKey!);
        if (!winner) throw new Error(`order with Idempotency-Key "${key}" vanished`);
        return this.replay(winner, request, key!);
      }
      case 'unknown-product':
        throw new NotFoundException(`Product ${request.productId} not found`);
      case 'sold-out':
        throw this.soldOut(request.productId, request.quantity);
    }
  }

  private async placeAlone(
    dto: CreateOrderDto,
    idempotencyKey?: string,
    key?: string,
  ): Promise<PlacedOrder> {
    try {
      return { order: await this.insert(dto, idempotencyKey), replayed: false };
    } catch (err) {
      // A concurrent send of the same key committed first: our transaction (and its stock
      // reservation) rolled back, and the client gets the order that did commit.
      if (idempotencyKey === undefined || pgErrorCode(err) !== PG_UNIQUE_VIOLATION) throw err;
      const winner = await this.findByKey(idempotencyKey);
      if (!winner) throw err;
      return this.replay(winner, dto, key!);
    }
  }

  private insert(dto: CreateOrderDto, idempotencyKey: string | undefined): Promise<Order> {
    return this.writes.run((manager, call) =>
      manager.transaction(async (m) => {
        await this.reserve(m, dto.productId, dto.quantity);
        // The row lock is ours: the wait for it was the sale's queue, not Postgres being slow.
        call.markStarted();
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
      }),
    );
  }

  private findByKey(idempotencyKey: string): Promise<Order | null> {
    return this.policies.execute('postgres', () =>
      this.db.manager.findOneBy(Order, { idempotencyKey }),
    );
  }

  /**
   * The same key with another body is a client bug, not a retry: refuse it, change nothing. The
   * refusal says nothing of the order holding the key: an anonymous key may be somebody else's.
   */
  private replay(
    order: Order,
    dto: Pick<CreateOrderDto, 'productId' | 'quantity'>,
    key: string,
  ): PlacedOrder {
    if (order.productId !== dto.productId || order.quantity !== dto.quantity) {
      throw new UnprocessableEntityException(
        `Idempotency-Key "${key}" was already used for an order with another body`,
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
    throw this.soldOut(productId, quantity);
  }

  private soldOut(productId: number, quantity: number): ConflictException {
    return new ConflictException(`Product ${productId} has fewer than ${quantity} in stock`);
  }
}
