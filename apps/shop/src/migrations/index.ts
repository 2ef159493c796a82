import { CreateMessagingTables1764000000000 } from '@bulwark/messaging';
import { CreateCatalogAndOrders1764000000000 } from './1764000000000-create-catalog-and-orders';
import { CreateFulfilmentAndNotification1764000002000 } from './1764000002000-create-fulfilment-and-notification';
import { AddOrderIdempotencyKey1764000003000 } from './1764000003000-add-order-idempotency-key';

/**
 * Every migration, in order. Listed by hand so the build, swc-node and the CLI all see the same
 * set; the messaging library owns its `outbox` and `inbox` tables and ships their migration.
 */
export const SHOP_MIGRATIONS = [
  CreateCatalogAndOrders1764000000000,
  CreateMessagingTables1764000000000,
  CreateFulfilmentAndNotification1764000002000,
  AddOrderIdempotencyKey1764000003000,
];
