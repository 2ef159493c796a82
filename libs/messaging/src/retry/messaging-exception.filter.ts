import { ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Rethrows a handler's error unchanged. Nest's default RPC filter replaces unknown errors with
 * `{ status: 'error', message: 'Internal server error' }`, which would leave the DLQ without the
 * error class and message; `@RetryPolicy` applies this filter for that reason.
 * @publicApi
 */
@Catch()
export class MessagingExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
