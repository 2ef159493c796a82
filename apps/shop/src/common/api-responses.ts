import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiProperty, ApiResponse } from '@nestjs/swagger';
import { REQUEST_DEADLINE_HEADER, REQUEST_TIMEOUT_HEADER } from '@bulwark/resilience';
import type { ErrorBody } from './http-exception.filter';

/** OpenAPI schema of {@link ErrorBody}, the body of every error the API answers. */
export class ErrorResponse implements ErrorBody {
  @ApiProperty({ example: 400, description: 'The HTTP status, repeated' })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request', description: 'The status text' })
  error!: string;

  @ApiProperty({
    example: 'quantity must be an integer number',
    description: 'What went wrong, for a human; never a stack trace or an internal name',
  })
  message!: string;
}

/** `Retry-After` on a 503 (admission control, an open breaker) and a 429 (admin auth throttle). */
const RETRY_AFTER = {
  'Retry-After': {
    description:
      'Seconds to wait before retrying; sent when the shop sheds load (overloaded), a dependency breaker is open, or an address made too many failed admin attempts',
    schema: { type: 'integer', example: 1 },
  },
};

/**
 * Documents error responses, each with the {@link ErrorResponse} body: `{ 404: 'Unknown id' }`.
 * A 503 and a 429 also document `Retry-After`.
 */
export const ApiErrors = (
  responses: Readonly<Record<number, string>>,
): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...Object.entries(responses).map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description,
        type: ErrorResponse,
        ...(status === '503' || status === '429' ? { headers: RETRY_AFTER } : {}),
      }),
    ),
  );

/** What every `/admin/*` route may answer: the bearer token check and its failed-attempt throttle. */
export const ADMIN_AUTH_ERRORS: Readonly<Record<number, string>> = {
  401: 'Missing or wrong bearer token',
  429: 'Too many failed attempts from this address (`Retry-After`)',
};

/**
 * What every products and orders route may answer besides its own errors: they all reach
 * Postgres and are subject to admission control and the caller's deadline headers.
 */
export const DATA_ROUTE_ERRORS: Readonly<Record<number, string>> = {
  503: 'Database unavailable, or the shop is overloaded (`Retry-After`)',
  504: 'Budget spent (the route’s own, or less from x-request-timeout / x-request-deadline)',
};

/**
 * Documents the caller's deadline headers the resilience interceptor reads: they shorten the
 * route's own budget (never lengthen it); once the budget is spent the route answers 504.
 */
export const ApiDeadlineHeaders = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiHeader({
      name: REQUEST_TIMEOUT_HEADER,
      required: false,
      description:
        "The caller's remaining budget in ms; shortens the route's budget (504 when spent). Invalid or non-positive values are ignored.",
      schema: { type: 'integer', minimum: 1, example: 500 },
    }),
    ApiHeader({
      name: REQUEST_DEADLINE_HEADER,
      required: false,
      description:
        "The caller's absolute deadline, epoch ms; the earlier of this and x-request-timeout applies.",
      schema: { type: 'integer', example: 1_764_000_000_000 },
    }),
  );
