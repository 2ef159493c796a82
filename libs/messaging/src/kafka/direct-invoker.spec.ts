import {
  type CanActivate,
  Controller,
  createParamDecorator,
  type ExceptionFilter,
  type NestInterceptor,
  ParseIntPipe,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RetryPolicy } from '../retry/retry-policy.decorator';
import type { DirectInvocationTarget } from './direct-invocation.decorator';
import { DirectInvocation, getDirectInvocationExtra } from './direct-invocation.decorator';
import {
  type ControllerLookup,
  createDirectInvoker,
  DirectInvocationError,
} from './direct-invoker';
import type { KafkaMessageContext } from './kafka-message.context';

const ctx = { kind: 'ctx' } as unknown as KafkaMessageContext;
const allow: CanActivate = { canActivate: () => true };
const passThrough: NestInterceptor = { intercept: (_c, next) => next.handle() };
const swallow: ExceptionFilter = { catch: () => undefined };
const Custom = createParamDecorator(() => 'custom');

@Controller()
class Handlers {
  readonly calls: unknown[][] = [];

  @EventPattern<string>('plain')
  @RetryPolicy({ attempts: 2, backoff: ['1s'] })
  @DirectInvocation()
  plain(@Payload() body: unknown, @Ctx() c: KafkaMessageContext) {
    this.calls.push([body, c]);
    return 'done';
  }

  @EventPattern<string>('reordered')
  @DirectInvocation()
  reordered(@Ctx() c: KafkaMessageContext, @Payload('id') id: unknown) {
    this.calls.push([c, id]);
  }

  @EventPattern<string>('bare')
  @DirectInvocation()
  bare(...args: unknown[]) {
    this.calls.push(args);
  }

  @EventPattern<string>('guarded')
  @UseGuards(allow)
  @DirectInvocation()
  guarded() {}

  @EventPattern<string>('intercepted')
  @UseInterceptors(passThrough)
  @DirectInvocation()
  intercepted() {}

  @EventPattern<string>('piped')
  @UsePipes(new ValidationPipe())
  @DirectInvocation()
  piped() {}

  @EventPattern<string>('param-pipe')
  @DirectInvocation()
  paramPipe(@Payload('id', ParseIntPipe) id: number) {
    return id;
  }

  @EventPattern<string>('filtered')
  @UseFilters(swallow)
  @DirectInvocation()
  filtered() {}

  @EventPattern<string>('custom')
  @DirectInvocation()
  custom(@Custom() value: string) {
    return value;
  }
}

@Controller()
@UseGuards(allow)
class GuardedClass {
  @EventPattern<string>('class-guarded')
  @DirectInvocation()
  handle() {}
}

const instance = new Handlers();
const one: ControllerLookup = (type) =>
  type === Handlers ? [{ instance, isStatic: true }] : [{ instance: {}, isStatic: true }];

function targetOf(method: keyof Handlers): DirectInvocationTarget {
  const fn = Handlers.prototype[method] as object;
  const extras = Reflect.getMetadata('microservices:pattern_extras', fn) as unknown;
  return getDirectInvocationExtra(extras)!;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DirectInvocationError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('createDirectInvoker', () => {
  beforeEach(() => (instance.calls.length = 0));

  it('should call the method on its instance with payload and context, returning its result', () => {
    const invoke = createDirectInvoker('plain', targetOf('plain'), one, false);
    expect(invoke({ id: 1 }, ctx)).toBe('done');
    expect(instance.calls).toEqual([[{ id: 1 }, ctx]]);
  });

  it('should place parameters by their decorators, @Payload(field) picking a property', () => {
    const invoke = createDirectInvoker('reordered', targetOf('reordered'), one, false);
    invoke({ id: 7 }, ctx);
    invoke(null, ctx);
    expect(instance.calls).toEqual([
      [ctx, 7],
      [ctx, undefined],
    ]);
  });

  it('should pass only the payload to a method without parameter decorators, as Nest does', () => {
    createDirectInvoker('bare', targetOf('bare'), one, false)('body', ctx);
    expect(instance.calls).toEqual([['body']]);
  });

  it.each([
    ['guarded', 'guards are attached'],
    ['intercepted', 'interceptors are attached'],
    ['piped', 'pipes are attached'],
    ['paramPipe', 'parameter 0 has pipes'],
    ['filtered', 'exception filters are attached'],
    ['custom', 'parameter 0 uses a custom decorator'],
  ] as const)('should refuse %s: %s', (method, problem) => {
    const message = refusal(() => createDirectInvoker(method, targetOf(method), one, false));
    expect(message).toContain(`Handlers.${method} (@DirectInvocation on '${method}')`);
    expect(message).toContain(problem);
  });

  it('should refuse class-level enhancers', () => {
    const fn = GuardedClass.prototype.handle as object;
    const extras = Reflect.getMetadata('microservices:pattern_extras', fn) as unknown;
    const target = getDirectInvocationExtra(extras)!;
    expect(refusal(() => createDirectInvoker('class-guarded', target, one, false))).toContain(
      'guards are attached',
    );
  });

  it('should refuse a request-scoped controller, a missing or repeated one, and a shared pattern', () => {
    const target = targetOf('plain');
    const scoped: ControllerLookup = () => [{ instance, isStatic: false }];
    const twice: ControllerLookup = () => [
      { instance, isStatic: true },
      { instance, isStatic: true },
    ];
    expect(refusal(() => createDirectInvoker('plain', target, scoped, false))).toContain(
      'request-scoped',
    );
    expect(refusal(() => createDirectInvoker('plain', target, () => [], false))).toContain(
      'no module declares its controller',
    );
    expect(refusal(() => createDirectInvoker('plain', target, twice, false))).toContain(
      '2 instances',
    );
    expect(refusal(() => createDirectInvoker('plain', target, one, true))).toContain(
      'another handler listens to the same pattern',
    );
  });
});
