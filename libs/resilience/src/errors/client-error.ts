import { HttpException } from '@nestjs/common';

/**
 * Client errors (4xx) say nothing about a dependency's health: they neither trip a breaker nor
 * trigger a fallback, and are not retried.
 * @internal
 */
export function isClientError(error: unknown): boolean {
  return error instanceof HttpException && error.getStatus() < 500;
}
