import type { Type } from '@nestjs/common';
import { mergePatternExtras, readPatternExtra } from '../utils/pattern-extras';

/** Key of {@link DirectInvocationTarget} inside Nest's pattern extras (`handler.extras`). */
export const DIRECT_INVOCATION_EXTRA = 'bulwarkDirectInvocation';

/** The controller method `@DirectInvocation()` was put on. */
export interface DirectInvocationTarget {
  readonly controller: Type;
  readonly method: string | symbol;
}

/**
 * Opt-in for Kafka handlers on a hot path: `KafkaServer` calls the controller method itself
 * instead of going through Nest's RPC invocation (event-handler wrapper, RPC proxy, context
 * creator, param pipes), which costs 1.5–2 µs of CPU and nine async frames per message
 * (`npm run bench:consumer` shows both). The decorator only records where it sits; the server
 * decides at `listen()`.
 *
 * Nothing attached to the handler is skipped silently: the server refuses to start if the handler
 * has guards, interceptors, pipes (class, method or parameter), exception filters other than
 * `MessagingExceptionFilter` (which `@RetryPolicy` adds), custom parameter decorators, a
 * request-scoped controller, or shares its pattern with another handler. Global enhancers
 * (`useGlobal*`, `APP_*` providers) do not apply to it, and the start-up log says so for each
 * such handler. Its errors reach the retry policy unchanged. Other transports (RabbitMQ) ignore
 * the decorator and invoke the handler through Nest as usual.
 * @example
 * ```ts
 * @EventPattern<string>('orders.created')
 * @RetryPolicy({ attempts: 3, backoff: ['1s', '10s'], dlq: true })
 * @DirectInvocation()
 * async onOrder(@Payload() body: OrderCreated, @Ctx() ctx: KafkaMessageContext) {}
 * ```
 * @publicApi
 */
export function DirectInvocation(): MethodDecorator {
  return (target, method, descriptor) => {
    const where: DirectInvocationTarget = { controller: target.constructor as Type, method };
    mergePatternExtras(descriptor.value as object, { [DIRECT_INVOCATION_EXTRA]: where });
    return descriptor;
  };
}

/** Reads what {@link DirectInvocation} stored in a handler's extras, if anything. */
export function getDirectInvocationExtra(extras: unknown): DirectInvocationTarget | undefined {
  return readPatternExtra<DirectInvocationTarget>(extras, DIRECT_INVOCATION_EXTRA);
}
