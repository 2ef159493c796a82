import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { KafkaServer } from '@bulwark/messaging/kafka';
import { RabbitMqServer } from '@bulwark/messaging/rabbitmq';
import { requestIdOf } from '@bulwark/observability';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { appVersion } from './common/app-version';
import { BodyValidationPipe } from './common/body-validation.pipe';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { registerJsonBodyParser } from './common/json-body';

/** Largest accepted request body; larger ones get a 413 before any handler runs. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the fully configured shop (pipes, filter, body limit, OpenAPI) without listening, so
 * `main.ts` and the e2e tests run exactly the same application.
 *
 * Fastify rather than Express: on this machine a constant Nest route costs ~45 µs of CPU on
 * Fastify and ~250 µs on Express (see README, "Why Fastify"), and a flash-sale burst is answered
 * inside its budget only when the HTTP stack is not the bottleneck.
 */
export async function createShopApp(
  env: Readonly<Record<string, string | undefined>> = {},
  extra: DynamicModule['imports'] = [],
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    // The shop has no Nest middleware (its request hooks are Fastify hooks), and with middie
    // registered every request pays its onRequest hook anyway.
    skipMiddie: true,
    // Express answered `/products/1/` like `/products/1`; clients written against it still do.
    routerOptions: { ignoreTrailingSlash: true },
  });
  registerJsonBodyParser(adapter.getInstance(), BODY_LIMIT_BYTES);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(env, extra),
    adapter,
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(
    new BodyValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Without this an array or a string body skips validation of the DTO altogether.
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter(app.getHttpAdapter()));
  const openApi = new DocumentBuilder()
    .setTitle('Bulwark shop')
    .setDescription(
      'Reference flash-sale service: cached product reads, orders with events. Every error ' +
        'answers `ErrorResponse` (`{statusCode, error, message}`); every response carries ' +
        '`x-request-id` (the one sent, or a new one).',
    )
    .setVersion(appVersion())
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  // Hybrid app: the same modules also consume Kafka, and RabbitMQ when configured. Without
  // inheritAppConfig: the HTTP filter and pipes must not rewrite a handler's error before the
  // retry/DLQ path records its class and message.
  app.connectMicroservice({ strategy: app.get(KafkaServer) });
  const rabbit = app.get(RabbitMqServer, { strict: false }) as RabbitMqServer | null;
  if (rabbit) app.connectMicroservice({ strategy: rabbit });
  return app;
}
