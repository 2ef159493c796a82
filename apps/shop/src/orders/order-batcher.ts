import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { ShopEnv } from '../config/env';
import { GroupCommit } from './group-commit';
import { OrderDecision, OrderRequest, placeOrderBatch } from './order-batch.sql';
import { OrderWrites } from './order-writes';

/**
 * Two statements in flight per process: while one waits for its commit, the next is already
 * parsed and queued behind the row lock, so the hot row never idles for a client round trip.
 * More would only hold pool connections waiting on the same lock.
 */
const MAX_IN_FLIGHT = 2;
/** A request that lost only to the in-batch order (a bigger order ahead of it failed) tries again. */
const MAX_REPLACE_ROUNDS = 3;

/** The shop's group-commit queue of `POST /orders` (one per process). */
@Injectable()
export class OrderBatcher {
  private readonly commit: GroupCommit<OrderRequest, OrderDecision>;

  constructor(
    private readonly writes: OrderWrites,
    config: ConfigService<ShopEnv, true>,
  ) {
    this.commit = new GroupCommit((batch) => this.place(batch), {
      maxBatch: config.get('ORDERS_BATCH_MAX', { infer: true }),
      maxInFlight: MAX_IN_FLIGHT,
    });
  }

  /** Resolves once the order is committed (or refused); rejects if its batch failed as a whole. */
  submit(request: OrderRequest): Promise<OrderDecision> {
    return this.commit.submit(request);
  }

  /** One breaker call per batch, from when it holds its connection (see {@link OrderWrites}). */
  private place(batch: readonly OrderRequest[]): Promise<OrderDecision[]> {
    return this.writes.run((manager) => this.placeOn(manager, batch), { detached: true });
  }

  private async placeOn(
    manager: EntityManager,
    batch: readonly OrderRequest[],
  ): Promise<OrderDecision[]> {
    const decisions = await placeOrderBatch(manager, batch);
    // Stock is handed out in arrival order, so a 5-unit order that did not fit also turns away a
    // 1-unit order behind it that would have. Those are placed again, as the old path would have.
    for (let round = 0; round < MAX_REPLACE_ROUNDS; round++) {
      const again = decisions.flatMap((d, i) =>
        d.kind === 'sold-out' && d.remaining >= batch[i].quantity ? [i] : [],
      );
      if (again.length === 0) break;
      const retried = await placeOrderBatch(
        manager,
        again.map((i) => batch[i]),
      );
      again.forEach((i, j) => (decisions[i] = retried[j]));
    }
    return decisions;
  }
}
