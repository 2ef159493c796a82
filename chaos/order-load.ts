import { ORDER_PRODUCTS, pick } from './catalog-plan';
import { type LoadSpec, startLoads, type RunningLoad } from './load';
import { AcceptedOrders } from './orders-ledger';

/** `POST /orders {productId, quantity: 1}` at `rate` per shop, collecting the accepted ids. */
export function startOrderLoad(
  bases: string[],
  rate: number,
  seconds: number,
): { load: RunningLoad; accepted: AcceptedOrders } {
  const accepted = new AcceptedOrders();
  const specs: LoadSpec[] = bases.map((base) => ({
    base,
    connections: 5,
    rate,
    seconds,
    next: () => ({
      method: 'POST',
      path: '/orders',
      body: JSON.stringify({ productId: pick(ORDER_PRODUCTS), quantity: 1 }),
    }),
    onResponse: accepted.onResponse,
  }));
  return { load: startLoads(specs), accepted };
}
