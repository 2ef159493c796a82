import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { isDatabaseUnavailable } from '../database/pg-errors';

/** The one error shape of the API. Never carries a stack trace or an internal message. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

interface ReplySink {
  headersSent: boolean;
  status(code: number): ReplySink;
  json(body: unknown): unknown;
}

/** body-parser's errors are plain objects with `status` and `type`, not HttpExceptions. */
const PARSER_MESSAGES: Readonly<Record<string, string>> = {
  'entity.too.large': 'Request body is larger than the 1 MB limit',
  'entity.parse.failed': 'Request body is not valid JSON',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'request.aborted': 'Request aborted by the client',
  'request.size.invalid': 'Request size did not match Content-Length',
  'entity.too.deep': 'Request body JSON is nested too deeply',
};

export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof HttpException) {
    const statusCode = err.getStatus();
    const res = err.getResponse();
    const raw = typeof res === 'string' ? res : (res as { message?: unknown }).message;
    const message = Array.isArray(raw)
      ? raw.join('; ')
      : typeof raw === 'string'
        ? raw
        : err.message;
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  }
  const parser = err as { status?: unknown; type?: unknown } | null;
  if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500) {
    const type = typeof parser.type === 'string' ? parser.type : '';
    return {
      statusCode: parser.status,
      error: STATUS_CODES[parser.status] ?? 'Error',
      message: PARSER_MESSAGES[type] ?? STATUS_CODES[parser.status] ?? 'Bad request',
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

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(err);
    if (body.statusCode >= 500 && !(err instanceof HttpException)) {
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
    const res = host.switchToHttp().getResponse<ReplySink>();
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }
}
