import { startTestShop, TestShop } from '../../support/shop-app';

/**
 * What a client reads for each kind of fault, through the whole HTTP stack: one message per
 * fault, naming the field, and no internal names (handlers, policies, classes).
 */
describe('Shop > error messages', () => {
  let shop: TestShop;
  let productId: number;
  beforeAll(async () => {
    shop = await startTestShop();
    const res = await shop
      .http()
      .post('/products')
      .send({ sku: 'MSG-1', name: 'n', priceCents: 1, stock: 5 })
      .expect(201);
    productId = res.body.id;
  });
  afterAll(() => shop.close());

  const product = { sku: 'MSG-2', name: 'kettle', priceCents: 1999, stock: 5 };

  it.each<[string, 'post' | 'put', string, object, string]>([
    ['missing field', 'post', '/products', { ...product, name: undefined }, 'name is required'],
    ['null field', 'post', '/products', { ...product, name: null }, 'name must not be null'],
    [
      'wrong type',
      'post',
      '/products',
      { ...product, priceCents: '12' },
      'priceCents must be an integer number',
    ],
    [
      'out of range',
      'post',
      '/orders',
      { productId: 1, quantity: 5000 },
      'quantity must not be greater than 1000',
    ],
    [
      'two faulty fields',
      'post',
      '/orders',
      { productId: null, quantity: 0 },
      'productId must not be null; quantity must not be less than 1',
    ],
    ['null on update', 'put', '/products/:id', { stock: null }, 'stock must not be null'],
    [
      'unknown field',
      'put',
      '/products/:id',
      { colour: 'red' },
      'property colour should not exist',
    ],
  ])('%s → 400 (%s %s)', async (_fault, method, path, body, message) => {
    const res = await shop
      .http()
      [method](path.replace(':id', String(productId)))
      .send(body)
      .expect(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message });
  });

  it('a string body → 400 "the request body must be a JSON object"', async () => {
    const res = await shop
      .http()
      .post('/orders')
      .set('content-type', 'application/json')
      .send('"hello"')
      .expect(400);
    expect(res.body.message).toBe('the request body must be a JSON object');
  });

  it('budget exceeded (a deadline already past) → 504 without the handler name', async () => {
    const res = await shop
      .http()
      .get(`/products/${productId}`)
      .set('x-request-deadline', '1')
      .expect(504);
    expect(res.body).toEqual({
      statusCode: 504,
      error: 'Gateway Timeout',
      message:
        'The deadline the request was sent with (x-request-timeout or x-request-deadline) passed before it completed',
    });
  });
});
