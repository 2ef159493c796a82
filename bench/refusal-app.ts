/**
 * What a refusal costs, for `bench/overload.bench.ts`: a bare `node:http` server (run as its own
 * process) that either refuses every request through admission control's gate (`refuse`) or
 * answers the product JSON without any framework (`raw`: the floor of a served request). Both
 * pay Node's parse and one write; the difference is the JSON a product costs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpAdmissionGate } from '@bulwark/resilience';

const PRODUCT = JSON.stringify({
  id: 1,
  sku: 'SKU-0000001',
  name: 'Product SKU-0000001',
  priceCents: 101,
  stock: 100,
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(PRODUCT);
});
if (process.argv[2] === 'refuse') {
  new HttpAdmissionGate({ shedding: true, admit: () => false }, [], 1).install(server);
}
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
