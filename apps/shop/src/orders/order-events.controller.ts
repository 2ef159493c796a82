import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload, Transport } from '@nestjs/microservices';
import { InboxService, PoisonMessageError, RetryPolicy } from '@bulwark/messaging';
import { KafkaMessageContext } from '@bulwark/messaging/kafka';
import { RabbitMqMessageContext } from '@bulwark/messaging/rabbitmq';
import { DataSource } from 'typeorm';
import { Notification } from './notification.entity';
import { OrderConfirmationService } from './order-confirmation.service';
import { isOrderId, NOTIFICATIONS, ORDERS_CREATED } from './order-events';

/**
 * Consumers of the order events. Each effect runs in one transaction with its inbox row, so a
 * redelivered message (crash before the offset commit or the ack) has no second effect. Handlers
 * are pinned to their transport: an unpinned pattern would be registered on both servers.
 */
@Controller()
export class OrderEventsController {
  private readonly logger = new Logger('OrderEvents');

  constructor(
    private readonly inbox: InboxService,
    private readonly dataSource: DataSource,
    private readonly confirmation: OrderConfirmationService,
  ) {}

  @EventPattern<string>(ORDERS_CREATED, Transport.KAFKA)
  @RetryPolicy({ attempts: 4, backoff: ['1s', '10s', '60s'], dlq: true })
  async onOrderCreated(@Payload() event: unknown, @Ctx() ctx: KafkaMessageContext): Promise<void> {
    const orderId = (event as { orderId?: unknown } | null)?.orderId;
    if (!isOrderId(orderId))
      throw new PoisonMessageError(`${ORDERS_CREATED} without a valid orderId`);
    const outcome = await this.confirmation.confirmOnce(ctx.getMessageId(), orderId);
    if (outcome === 'not-pending') this.logger.warn(`order ${orderId} was not PENDING; skipped`);
  }

  @EventPattern<string>(NOTIFICATIONS, Transport.RMQ)
  @RetryPolicy({ attempts: 4, backoff: ['1s', '10s', '60s'], dlq: true })
  async onNotification(
    @Payload() body: unknown,
    @Ctx() ctx: RabbitMqMessageContext,
  ): Promise<void> {
    const orderId = (body as { orderId?: unknown } | null)?.orderId;
    const messageId = ctx.getMessageId();
    if (!isOrderId(orderId) || !messageId)
      throw new PoisonMessageError('notification without orderId or message id');
    await this.inbox.processOnce(this.dataSource, 'notifications.send', messageId, (m) =>
      m.insert(Notification, { orderId, kind: 'order.confirmed' }),
    );
  }
}
