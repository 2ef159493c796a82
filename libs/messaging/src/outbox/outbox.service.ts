import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MESSAGE_ID_HEADER } from '@bulwark/common';
import { OutboxMessage, type OutboxTransport } from './outbox.entity';
import { withTraceContext } from '../tracing/outbox-trace-context';

/** What to send; written as one outbox row. */
export interface OutboxEnvelope {
  readonly transport: OutboxTransport;
  /** Kafka topic or RabbitMQ exchange. */
  readonly destination: string;
  /** Kafka key or RabbitMQ routing key; per-key order is kept. */
  readonly key?: string | null;
  readonly payload: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Writes events into the transactional outbox. Hand-written on purpose: there is no maintained
 * outbox library for Nest + TypeORM, and the pieces we need (SKIP LOCKED relay, per-key order,
 * two transports) are a few hundred lines we can test against real Postgres.
 * @publicApi
 */
@Injectable()
export class OutboxService {
  /**
   * Inserts the event inside the caller's transaction, so it is sent if and only if the business
   * change commits. Returns the row id, which travels as the `x-message-id` header.
   * @example
   * ```ts
   * await dataSource.transaction(async (manager) => {
   *   await manager.update(Order, id, { status: 'CONFIRMED' });
   *   await outbox.publish(manager, { transport: 'rabbitmq', destination: 'notifications',
   *     key: 'order.confirmed', payload: { orderId: id } });
   * });
   * ```
   */
  async publish(manager: EntityManager, envelope: OutboxEnvelope): Promise<string> {
    const id = randomUUID();
    await manager.insert(OutboxMessage, {
      id,
      transport: envelope.transport,
      destination: envelope.destination,
      key: envelope.key ?? null,
      payload: envelope.payload as object,
      headers: withTraceContext({ ...envelope.headers, [MESSAGE_ID_HEADER]: id }),
    });
    return id;
  }
}
