import { BadRequestException, ConflictException, HttpException } from '@nestjs/common';
import { LoadTimeoutError } from '@bulwark/cache';
import { toErrorBody } from './http-exception.filter';

describe('toErrorBody', () => {
  it('keeps the status and message of an HttpException', () => {
    expect(toErrorBody(new ConflictException('sold out'))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'sold out',
    });
  });

  it('joins validation messages into one string', () => {
    const err = new BadRequestException([
      'quantity must be an integer',
      'productId must be positive',
    ]);
    expect(toErrorBody(err).message).toBe(
      'quantity must be an integer; productId must be positive',
    );
  });

  it('maps body-parser errors by type', () => {
    expect(toErrorBody({ status: 413, type: 'entity.too.large' })).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is larger than the 1 MB limit',
    });
  });

  it('answers a cache load that ran out of time with 504, not 500', () => {
    expect(toErrorBody(new LoadTimeoutError('load timed out', 'product:1')).statusCode).toBe(504);
  });

  it('maps Fastify errors by code, with our message', () => {
    expect(toErrorBody({ statusCode: 400, code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' })).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Request size did not match Content-Length',
    });
  });

  it('hides unexpected errors behind a generic 500', () => {
    const body = toErrorBody(new Error('password=hunter2 at db.ts:12'));
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
  });

  it('names unusual statuses from the HTTP table', () => {
    expect(toErrorBody(new HttpException('slow down', 429)).error).toBe('Too Many Requests');
  });
});
