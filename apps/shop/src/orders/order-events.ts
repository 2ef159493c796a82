/** Kafka topic of accepted orders, fed by the outbox in the order's own transaction. */
export const ORDERS_CREATED = 'orders.created';
/** RabbitMQ exchange and work queue of order notifications. */
export const NOTIFICATIONS = 'notifications';
export const ORDER_CONFIRMED_ROUTING_KEY = 'order.confirmed';

export interface OrderCreatedEvent {
  orderId: number;
  productId: number;
  quantity: number;
}

export interface OrderConfirmedNotification {
  orderId: number;
}

/** A positive int32, as ids are; anything else in an event is a poison message, not a retry. */
export function isOrderId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 2_147_483_647;
}
