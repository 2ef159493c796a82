/** Layer row of `bench:http`: a bare Fastify route returning the product (no Nest). */
import fastify from 'fastify';
import { benchProduct, reportReady } from './app-kit';

const product = benchProduct();
const app = fastify({ logger: false });
app.get('/products/:id', async () => product);
void app
  .listen({ port: 0, host: '127.0.0.1' })
  .then(() => reportReady(app.server.address(), 'fastify'));
