import { ArgumentMetadata, Type } from '@nestjs/common';
import { DeadlineExceededError } from '@bulwark/resilience';
import { PurgeProductsDto } from '../admin/admin.dto';
import { DlqListQuery, KafkaReplayDto } from '../admin/dlq.dto';
import { CreateProductDto, UpdateProductDto } from '../catalog/product.dto';
import { CreateOrderDto } from '../orders/order.dto';
import { BodyValidationPipe } from './body-validation.pipe';
import { toErrorBody } from './http-exception.filter';

/** The pipe exactly as `bootstrap.ts` installs it. */
const pipe = new BodyValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
});

async function messageOf(
  metatype: Type,
  value: unknown,
  type: ArgumentMetadata['type'] = 'body',
): Promise<string> {
  try {
    await pipe.transform(value, { type, metatype });
  } catch (err) {
    return toErrorBody(err).message;
  }
  throw new Error('expected a 400');
}

const product = { sku: 'SKU-1', name: 'kettle', priceCents: 1999, stock: 5 };

describe('validation messages: one clear message per fault', () => {
  it.each<[string, Type, unknown, string]>([
    // missing
    ['missing name', CreateProductDto, { ...product, name: undefined }, 'name is required'],
    ['every field missing', CreateOrderDto, {}, 'productId is required; quantity is required'],
    // null
    ['null name', CreateProductDto, { ...product, name: null }, 'name must not be null'],
    ['null name on update', UpdateProductDto, { name: null }, 'name must not be null'],
    ['null positions', KafkaReplayDto, { positions: null }, 'positions must not be null'],
    // wrong type
    [
      'a string price',
      CreateProductDto,
      { ...product, priceCents: '12' },
      'priceCents must be an integer number',
    ],
    ['a number name', CreateProductDto, { ...product, name: 5 }, 'name must be a string'],
    [
      'a fractional quantity',
      CreateOrderDto,
      { productId: 1, quantity: 1.5 },
      'quantity must be an integer number',
    ],
    [
      'a string among ids',
      PurgeProductsDto,
      { productIds: [1, 'x'] },
      'each value in productIds must be an integer number',
    ],
    [
      'a nested wrong type',
      KafkaReplayDto,
      { positions: [{ partition: 'p', offset: '1' }] },
      'positions.0.partition must be an integer number',
    ],
    ['a non-numeric limit', DlqListQuery, { limit: 'ten' }, 'limit must be an integer number'],
    ['a string body', CreateProductDto, 'hello', 'the request body must be a JSON object'],
    ['an array body', CreateOrderDto, [1, 2], 'the request body must be a JSON object'],
    ['a null body', CreateOrderDto, null, 'the request body must be a JSON object'],
    // out of range
    [
      'a negative price',
      CreateProductDto,
      { ...product, priceCents: -1 },
      'priceCents must not be less than 0',
    ],
    [
      'a huge quantity',
      CreateOrderDto,
      { productId: 1, quantity: 10_000 },
      'quantity must not be greater than 1000',
    ],
    [
      'an empty name',
      CreateProductDto,
      { ...product, name: '' },
      'name must be longer than or equal to 1 characters',
    ],
    [
      'a NUL in the name',
      CreateProductDto,
      { ...product, name: 'a\u0000b' },
      'name must not contain NUL characters',
    ],
    // unknown field
    [
      'an unknown property',
      CreateOrderDto,
      { productId: 1, quantity: 1, admin: true },
      'property admin should not exist',
    ],
  ])('%s', async (_fault, metatype, value, expected) => {
    expect(await messageOf(metatype, value)).toBe(expected);
  });

  it('a query param is validated the same way', async () => {
    expect(await messageOf(DlqListQuery, { limit: '0' }, 'query')).toBe(
      'limit must not be less than 1',
    );
  });

  it.each<[string, DeadlineExceededError, string]>([
    [
      "the route's own budget",
      new DeadlineExceededError('ProductsController.get', 300),
      'The request did not complete within its time budget, try again shortly',
    ],
    [
      "the caller's deadline (x-request-timeout: 1)",
      new DeadlineExceededError('ProductsController.get', 0, true),
      'The deadline the request was sent with (x-request-timeout or x-request-deadline) passed before it completed',
    ],
    [
      'the route budget spent queueing, no deadline header',
      new DeadlineExceededError('cache catalog', Infinity, true),
      'The request did not complete within its time budget, try again shortly',
    ],
    [
      'a dependency policy',
      new DeadlineExceededError('postgres', 250),
      'The request did not complete within its time budget, try again shortly',
    ],
  ])('budget exceeded: %s → 504 without internal names', (name, err, expected) => {
    const body = toErrorBody(err, name.includes('x-request-timeout'));
    expect(body).toEqual({ statusCode: 504, error: 'Gateway Timeout', message: expected });
    expect(body.message).not.toMatch(/Controller|postgres/);
  });
});
