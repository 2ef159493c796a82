import { ExecutionContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { defer, lastValueFrom, of } from 'rxjs';
import { remainingBudget } from '../deadline/deadline';
import { SkipExpired } from '../decorators/skip-expired.decorator';
import { ResilienceMetrics } from '../metrics/resilience.metrics';
import { ResilienceModule } from '../resilience.module';
import { ResilienceInterceptor } from './resilience.interceptor';

class OrdersConsumer {
  calls = 0;

  @SkipExpired()
  onQuote(): number | undefined {
    this.calls++;
    return remainingBudget();
  }

  plain(): number | undefined {
    return remainingBudget();
  }
}

/** A Kafka-shaped RPC context, as `KafkaContext.getMessage()` gives it. */
function rpcContext(handler: () => unknown, headers: Record<string, Buffer>): ExecutionContext {
  const kafkaContext = { getMessage: () => ({ value: Buffer.from('{}'), headers }) };
  return {
    getType: () => 'rpc',
    getHandler: () => handler,
    getClass: () => OrdersConsumer,
    getArgs: () => [{}, kafkaContext],
    switchToRpc: () => ({ getContext: () => kafkaContext, getData: () => ({}) }),
  } as unknown as ExecutionContext;
}

describe('ResilienceInterceptor', () => {
  let interceptor: ResilienceInterceptor;
  let metrics: ResilienceMetrics;
  const consumer = new OrdersConsumer();

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ResilienceModule.forRoot({ registry: new Registry() })],
      providers: [ResilienceInterceptor],
    }).compile();
    interceptor = moduleRef.get(ResilienceInterceptor);
    metrics = moduleRef.get(ResilienceMetrics);
  });

  const run = (handler: () => unknown, headers: Record<string, Buffer>) =>
    lastValueFrom(
      interceptor.intercept(rpcContext(handler, headers), {
        handle: () => defer(() => of(handler.call(consumer))),
      }),
      {
        defaultValue: 'nothing',
      },
    );

  describe('rpc', () => {
    it('should skip an expired Kafka message under @SkipExpired and count it', async () => {
      const result = await run(consumer.onQuote, {
        'x-deadline': Buffer.from(String(Date.now() - 5_000)),
      });
      expect(result).toBeUndefined();
      expect(consumer.calls).toBe(0);
      const values = (await metrics.expiredSkipped.get()).values;
      expect(values).toEqual([
        expect.objectContaining({ value: 1, labels: { handler: 'OrdersConsumer.onQuote' } }),
      ]);
    });

    it('should run any handler within the message deadline', async () => {
      const remaining = await run(consumer.plain, {
        'x-deadline': Buffer.from(String(Date.now() + 300)),
      });
      expect(remaining).toBeGreaterThan(200);
      expect(remaining).toBeLessThanOrEqual(300);
    });
  });
});
