/**
 * Row (a) of `bench:http`: plain `node:http` answering `GET /products/:id` with the product JSON,
 * serialised per request. Nothing below this is possible in Node: it is the physical limit.
 */
import { createServer } from 'node:http';
import { benchProduct, reportReady } from './app-kit';

const product = benchProduct();
const server = createServer((req, res) => {
  // A route match as cheap as it gets, so the row still pays for routing and serialising.
  if (req.method !== 'GET' || !req.url?.startsWith('/products/')) {
    res.writeHead(404).end();
    return;
  }
  const body = JSON.stringify(product);
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => reportReady(server.address()));
