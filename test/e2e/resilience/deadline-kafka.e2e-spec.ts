import { Controller, HttpCode, Post } from '@nestjs/common';
import { Ctx, EventPattern, Payload, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { startEmbeddedKafka, EmbeddedKafka } from '@bulwark/kafka-broker';
import { MessagingModule } from '@bulwark/messaging';
import { KafkaMessageContext, KafkaMessagingModule, KafkaServer } from '@bulwark/messaging/kafka';
import { deadlineHeaders, ResilienceModule, SkipExpired, Timeout } from '@bulwark/resilience';
import { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import request from 'supertest';
import { uniqueName } from '../../support/postgres';
import { waitFor } from '../../support/wait-for';

const handled: string[] = [];
let producer: Producer;
let topic: string;

@Controller('quotes')
class QuotesController {
  /** Publishes the work with the request's remaining budget as its deadline header. */
  @Post()
  @HttpCode(202)
  @Timeout('1s')
  async request(): Promise<{ sent: true }> {
    const id = String(Math.random());
    await producer.send({
      topic,
      messages: [{ key: id, value: JSON.stringify({ id }), headers: deadlineHeaders() }],
    });
    return { sent: true };
  }

  /** Nobody waits for an answer past the requester's deadline: skip instead of working. */
  @EventPattern<string>('quotes.requested', Transport.KAFKA)
  @SkipExpired()
  quote(@Payload() body: { id: string }, @Ctx() ctx: KafkaMessageContext): void {
    handled.push(`${body.id}@${ctx.getPartition()}`);
  }
}

describe('Resilience > a deadline carried through Kafka', () => {
  let broker: EmbeddedKafka;
  let app: INestApplication;
  const registry = new Registry();

  beforeAll(async () => {
    topic = 'quotes.requested';
    broker = await startEmbeddedKafka({ port: 0 });
    const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    const moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({ registry }),
        MessagingModule.forRoot({ registry }),
        KafkaMessagingModule.forRoot({
          brokers: broker.brokers,
          groupId: uniqueName('quotes'),
          fromBeginning: true,
          registry,
          lag: { enabled: false },
        }),
      ],
      controllers: [QuotesController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    // The resilience interceptor is an app-level enhancer: message handlers get it only through
    // inheritAppConfig (this app has no HTTP-only filter that could rewrite handler errors).
    app.connectMicroservice({ strategy: app.get(KafkaServer) }, { inheritAppConfig: true });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await producer.disconnect();
    await broker.stop();
  });

  it('skips a message whose requester had 100 ms left, counts it, and handles one still in time', async () => {
    // The consumer is not running yet: the first message waits longer than its requester's budget.
    await request(app.getHttpServer()).post('/quotes').set('x-request-timeout', '100').expect(202);
    await new Promise((r) => setTimeout(r, 400));
    await request(app.getHttpServer())
      .post('/quotes')
      .set('x-request-timeout', '60000')
      .expect(202);
    await app.startAllMicroservices();

    await waitFor('the message handled', async () => handled.length >= 1, 20_000);
    await new Promise((r) => setTimeout(r, 500)); // room for a wrongly handled first message to show
    expect(handled).toHaveLength(1);
    const metric = await registry.getSingleMetricAsString(
      'bulwark_resilience_expired_skipped_total',
    );
    expect(metric).toMatch(/bulwark_resilience_expired_skipped_total(\{[^}]*\})? 1$/m);
  });
});
