import { QueryFailedError } from 'typeorm';

/** SQLSTATE codes the shop turns into HTTP answers. */
export const PG_UNIQUE_VIOLATION = '23505';

export function pgErrorCode(err: unknown): string | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const code = (err.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * SQLSTATE class 23 (a unique key taken, a CHECK refused): the data was refused by a database that
 * works, which says nothing about its health.
 */
export function isIntegrityViolation(err: unknown): boolean {
  return pgErrorCode(err)?.startsWith('23') ?? false;
}

/** Socket-level failures and SQLSTATE classes 08 (connection) and 57P (server shutting down). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

/**
 * Whether an error means "the database cannot be reached" rather than "this query is wrong": the
 * former is a 503 (retry later), never a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const source = err instanceof QueryFailedError ? (err.driverError as unknown) : err;
  const code = (source as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /^(08|57P)/.test(code)))
    return true;
  return /Connection terminated|timeout exceeded when trying to connect|Connection is not established/i.test(
    err.message,
  );
}
