import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, from, lastValueFrom, map, Observable, throwError } from 'rxjs';
import { Deadline, runWithDeadline } from '../deadline/deadline';
import { HeaderBag, messageDeadlineAt, requestDeadlineAt } from '../deadline/headers';
import { toMs } from '@bulwark/common';
import { isBulkheadFullError } from '../errors/bulkhead-full.error';
import { isCircuitOpenError } from '../errors/circuit-open.error';
import { RESOLVED_RESILIENCE_OPTIONS } from '../resilience.module-definition';
import type { ResolvedResilienceOptions } from '../resilience-options';
import { ResiliencePolicies } from '../resilience-policies';
import { messageHeaders } from './message-headers';
import { arrivalOf } from './request-arrival';
import { RouteEntry, RouteStacks } from './route-stacks';

interface HttpRequestLike {
  headers: HeaderBag;
  method?: string;
}

/**
 * Applies the resilience decorators to routes and message handlers (registered globally by
 * `ResilienceModule`). For HTTP it sets the request deadline (route budget capped by
 * `x-request-deadline`/`x-request-timeout`) and runs the handler through its stack; for
 * Kafka/RabbitMQ handlers it adopts the message's `x-deadline` and applies `@SkipExpired`.
 * Handlers are awaited to their last value, so streaming (SSE) routes should not be decorated.
 * @publicApi
 */
@Injectable()
export class ResilienceInterceptor implements NestInterceptor {
  constructor(
    @Inject(RESOLVED_RESILIENCE_OPTIONS) private readonly options: ResolvedResilienceOptions,
    private readonly routes: RouteStacks,
    private readonly policies: ResiliencePolicies,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const type = context.getType<string>();
    if (type === 'http') return this.http(context, next);
    if (type === 'rpc') return this.rpc(context, next);
    return next.handle();
  }

  private http(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<HttpRequestLike>();
    const route = this.routes.for(context, this.options.requestTimeoutMs, req.method);
    const arrived = arrivalOf(req) ?? Date.now();
    const requested = requestDeadlineAt(req.headers, arrived);
    if (!route.guarded && requested === undefined) return next.handle();
    const at = Math.min(this.ownBudgetAt(route, arrived), requested ?? Infinity);
    const run = route.stack.execute(
      () => lastValueFrom(next.handle(), { defaultValue: undefined }),
      // The budget bounds waiting, never serving: a request that queued past its deadline
      // still gets an answer it can have without waiting (L1); its dependency calls fail fast.
      { args: context.getArgs(), instance: route.instance, at, expired: 'serve' },
    );
    return from(run).pipe(catchError((error: unknown) => this.withRetryAfter(context, error)));
  }

  private rpc(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = this.routes.for(context, Infinity);
    const headers = messageHeaders(context.switchToRpc().getContext());
    const skip = route.spec?.skipExpired;
    const handle = (): Promise<unknown> =>
      route.guarded
        ? route.stack.execute(() => lastValueFrom(next.handle(), { defaultValue: undefined }), {
            args: context.getArgs(),
            instance: route.instance,
          })
        : lastValueFrom(next.handle(), { defaultValue: undefined });
    if (skip) {
      const graceMs = skip.grace === undefined ? 0 : toMs(skip.grace, 'grace');
      const outcome = this.policies.handleUnlessExpired(headers, handle, {
        handler: route.name,
        graceMs,
      });
      return from(outcome).pipe(map((o) => (o.skipped ? undefined : o.value)));
    }
    const at = messageDeadlineAt(headers);
    return from(at === undefined ? handle() : runWithDeadline(new Deadline(at), handle));
  }

  /** A route's budget counts from the request's arrival, as its caller experiences it. */
  private ownBudgetAt(route: RouteEntry, arrived: number): number {
    const ms = route.stack.budgetMs;
    return ms === Infinity ? Infinity : arrived + ms;
  }

  /** 503s tell the client when to come back; the body stays Nest's `{statusCode, error, message}`. */
  private withRetryAfter(context: ExecutionContext, error: unknown): Observable<never> {
    if (isCircuitOpenError(error) || isBulkheadFullError(error)) {
      const res = context.switchToHttp().getResponse<{
        setHeader?: (name: string, value: string) => void;
        header?: (name: string, value: string) => void;
      }>();
      const value = String(error.retryAfterSeconds);
      if (typeof res.setHeader === 'function') res.setHeader('Retry-After', value);
      else res.header?.('Retry-After', value);
    }
    return throwError(() => error);
  }
}
