import {
  type CallHandler,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
  UseGuards,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { MessagingHeaders as H, RetryPolicy } from '@bulwark/messaging';
import {
  DirectInvocation,
  KafkaMessageContext,
  KafkaServer,
  resolveKafkaOptions,
} from '@bulwark/messaging/kafka';
import type { Producer } from 'kafkajs';
import { kafkaFor, startBroker } from './support/kafka';
import { waitFor } from '../../support/wait-for';
import { startKafkaApp, type KafkaApp } from './support/kafka-app';
import { createSchema, type TestSchema } from './support/postgres';

const DIRECT = 'direct.events';
const VIA_NEST = 'nest.events';

const seen = {
  direct: [] as { id: number; topic: string }[],
  viaNest: 0,
  intercepted: [] as string[],
};

/** A global interceptor: Nest runs it for the ordinary handler, never for the direct one. */
@Injectable()
class RecordingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    seen.intercepted.push(context.getHandler().name);
    return next.handle();
  }
}

@Controller()
class DirectConsumer {
  @EventPattern<string>(DIRECT)
  @RetryPolicy({ attempts: 2, backoff: ['100ms'], dlq: true })
  @DirectInvocation()
  onDirect(@Payload('id') id: number, @Ctx() ctx: KafkaMessageContext) {
    if (id < 0) throw new RangeError(`negative id ${id}`);
    seen.direct.push({ id, topic: ctx.getTopic() });
  }

  @EventPattern<string>(VIA_NEST)
  onViaNest() {
    seen.viaNest++;
  }
}

const allow: CanActivate = { canActivate: () => true };

@Controller()
class GuardedDirectConsumer {
  @EventPattern<string>('guarded.events')
  @UseGuards(allow)
  @DirectInvocation()
  onEvent() {}
}

describe('Kafka messaging > @DirectInvocation', () => {
  let broker: EmbeddedKafka;
  let db: TestSchema;
  let producer: Producer;

  beforeAll(async () => {
    broker = await startBroker({ defaultPartitions: 2 });
    db = await createSchema('direct');
    producer = kafkaFor(broker.brokers).producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await broker.stop();
    await db.drop();
  });

  it('should call the method directly, keep retries and the DLQ, and leave other handlers to Nest', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const app: KafkaApp = await startKafkaApp(
      { brokers: broker.brokers, groupId: 'direct' },
      [DirectConsumer],
      db.dataSource,
      [{ provide: APP_INTERCEPTOR, useClass: RecordingInterceptor }],
    );
    try {
      await producer.send({
        topic: DIRECT,
        messages: [-1, ...Array.from({ length: 200 }, (_, i) => i)].map((id) => ({
          key: `k${id % 7}`,
          value: JSON.stringify({ id }),
        })),
      });
      await producer.send({ topic: VIA_NEST, messages: [{ value: '{}' }] });

      await waitFor('200 direct messages', () => seen.direct.length === 200);
      await waitFor('the Nest-invoked message', () => seen.viaNest === 1);
      await waitFor('the dead letter', async () => (await app.dlq.list(DIRECT)).length === 1);
      expect(new Set(seen.direct.map((s) => s.id)).size).toBe(200);
      const [letter] = await app.dlq.list(DIRECT);
      expect(letter.headers).toMatchObject({
        [H.attempts]: '2',
        [H.errorClass]: 'RangeError',
        [H.errorMessage]: 'negative id -1',
        [H.deadLetterReason]: 'exhausted',
      });
      // The global interceptor saw the ordinary handler only: the direct one skipped Nest's chain.
      expect(seen.intercepted).toEqual(['onViaNest']);
      // …and the start-up said so, naming the kind of global enhancer it skips.
      expect(warn).toHaveBeenCalledWith(
        "'direct.events' → DirectConsumer.onDirect is invoked directly (@DirectInvocation): the " +
          'app registers APP_INTERCEPTOR providers, which do not run for it',
      );
    } finally {
      warn.mockRestore();
      await app.close();
    }
  });

  it('should refuse a hand-built KafkaServer, which cannot find controller instances', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [DirectConsumer] }).compile();
    const server = new KafkaServer(resolveKafkaOptions({ brokers: broker.brokers }));
    const app = moduleRef.createNestMicroservice({ strategy: server });
    app.useLogger(['error']);
    await app.init();
    try {
      await expect(app.listen()).rejects.toThrow(
        "'direct.events' is marked @DirectInvocation(), but this KafkaServer was built without " +
          "Nest's container",
      );
    } finally {
      await app.close();
    }
  });

  it('should refuse to start when a guard would be skipped', async () => {
    await expect(
      startKafkaApp(
        { brokers: broker.brokers, groupId: 'guarded' },
        [GuardedDirectConsumer],
        db.dataSource,
      ),
    ).rejects.toThrow(
      "GuardedDirectConsumer.onEvent (@DirectInvocation on 'guarded.events') cannot be invoked " +
        'directly: guards are attached',
    );
  });
});
