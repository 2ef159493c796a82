import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpServer,
  Logger,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { LoadTimeoutError } from '@bulwark/cache';
import {
  isDeadlineExceededError,
  REQUEST_DEADLINE_HEADER,
  REQUEST_TIMEOUT_HEADER,
} from '@bulwark/resilience';
import { isDatabaseUnavailable } from '../database/pg-errors';
import { MAX_JSON_OBJECT_KEYS } from './json-shape';

/** The one error shape of the API. Never carries a stack trace or an internal message. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/**
 * Errors raised before a handler runs are plain errors with a 4xx `statusCode` (or `status`) and a
 * `type` (the shop's body parser) or a `code` (Fastify's own: body size, Content-Length, media
 * type), not HttpExceptions. Their messages are ours, never the raw parser text.
 */
const PARSER_MESSAGES: Readonly<Record<string, string>> = {
  'entity.too.large': 'Request body is larger than the 1 MB limit',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is larger than the 1 MB limit',
  'entity.parse.failed': 'Request body is not valid JSON',
  'entity.too.deep': 'Request body JSON is nested too deeply',
  'entity.too.wide': `Request body has an object with more than ${MAX_JSON_OBJECT_KEYS} keys`,
  'entity.forbidden.key': 'Request body must not contain "__proto__" or "constructor" keys',
  'content-type.unsupported': 'Request body must be JSON (Content-Type: application/json)',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Request body must be JSON (Content-Type: application/json)',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Request size did not match Content-Length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body is empty',
  'request.aborted': 'Request aborted by the client',
  'request.size.invalid': 'Request size did not match Content-Length',
};

/**
 * `sentDeadline`: the request carried `x-request-timeout` or `x-request-deadline`. Only then may a
 * 504 blame the caller's deadline: `callerImposed` also covers the route's own budget spent before
 * the call ran (queued behind a burst), which the client did not choose.
 */
export function toErrorBody(err: unknown, sentDeadline = false): ErrorBody {
  if (isDeadlineExceededError(err)) {
    // Its own message names the policy that gave up (`ProductsController.get`, `postgres`): for
    // logs and metrics, not for the client.
    return {
      statusCode: 504,
      error: 'Gateway Timeout',
      message:
        err.callerImposed && sentDeadline
          ? 'The deadline the request was sent with (x-request-timeout or x-request-deadline) passed before it completed'
          : 'The request did not complete within its time budget, try again shortly',
    };
  }
  if (err instanceof HttpException) {
    const statusCode = err.getStatus();
    // Nest's Fastify adapter wraps Fastify's own 4xx errors (body too large, bad Content-Length)
    // in an HttpException with Fastify's text; the error keeps its code as the cause.
    const code = (err.cause as { code?: unknown } | undefined)?.code;
    const parserMessage = typeof code === 'string' ? PARSER_MESSAGES[code] : undefined;
    if (parserMessage) {
      return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: parserMessage };
    }
    const res = err.getResponse();
    const raw = typeof res === 'string' ? res : (res as { message?: unknown }).message;
    const message = Array.isArray(raw)
      ? raw.join('; ')
      : typeof raw === 'string'
        ? raw
        : err.message;
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  }
  const parser = err as { status?: unknown; statusCode?: unknown; type?: unknown; code?: unknown };
  const status = parser?.statusCode ?? parser?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = typeof parser.type === 'string' ? parser.type : String(parser.code ?? '');
    return {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message: PARSER_MESSAGES[type] ?? STATUS_CODES[status] ?? 'Bad request',
    };
  }
  if ((err as { code?: unknown } | null)?.code === LoadTimeoutError.code) {
    // The cache's backstop on a load (`loadTimeout`) with no stale copy to serve: the request
    // waited for a dependency and gave up, as a route budget's 504 says.
    return {
      statusCode: 504,
      error: 'Gateway Timeout',
      message: 'The data could not be loaded in time, try again shortly',
    };
  }
  if (isDatabaseUnavailable(err)) {
    return {
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Database is not available, try again shortly',
    };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' };
}

/** The API's one exception filter; answers through Nest's adapter (Fastify or Express alike). */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(private readonly adapter: HttpServer) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const headers = http.getRequest<{ headers?: Record<string, unknown> }>().headers ?? {};
    const sentDeadline =
      headers[REQUEST_TIMEOUT_HEADER] !== undefined ||
      headers[REQUEST_DEADLINE_HEADER] !== undefined;
    const body = toErrorBody(err, sentDeadline);
    if (body.statusCode >= 500 && !(err instanceof HttpException)) {
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
    const res: unknown = http.getResponse();
    if (this.adapter.isHeadersSent(res)) return;
    this.adapter.reply(res, body, body.statusCode);
  }
}
