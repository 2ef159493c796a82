import { CreateCatalogAndOrders1764000000000 } from './1764000000000-create-catalog-and-orders';

/** Every migration, in order. Listed by hand so the build, swc-node and the CLI all see the same set. */
export const SHOP_MIGRATIONS = [CreateCatalogAndOrders1764000000000];
