/**
 * What every `bench:http` app process shares: the product it serves (handed over by the bench as
 * JSON, parsed once into an object so each request serialises it like a real handler would) and
 * the hand-shake that reports the listening port to the parent.
 */
import type { AddressInfo } from 'node:net';

/** The shop's product row as its `GET /products/:id` answers it. */
export interface BenchProduct {
  id: number;
  sku: string;
  name: string;
  priceCents: number;
  stock: number;
  version: number;
  updatedAt: string;
}

/** Sent once on the IPC channel when the app listens. */
export interface AppReady {
  port: number;
  /** `express` or `fastify` for Nest apps (the shop reports which adapter it runs on). */
  adapter?: string;
}

/** The product the bench read from Postgres (BENCH_PRODUCT_JSON), as an object. */
export function benchProduct(): BenchProduct {
  const json = process.env.BENCH_PRODUCT_JSON;
  if (!json) throw new Error('BENCH_PRODUCT_JSON is not set (run through npm run bench:http)');
  return JSON.parse(json) as BenchProduct;
}

export function reportReady(address: AddressInfo | string | null, adapter?: string): void {
  if (!address || typeof address === 'string') throw new Error('not listening on TCP');
  const ready: AppReady = { port: address.port, adapter };
  process.send?.(ready);
}
