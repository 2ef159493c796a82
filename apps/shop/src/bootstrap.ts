import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { KafkaServer, RabbitMqServer } from '@bulwark/messaging';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { BodyValidationPipe } from './common/body-validation.pipe';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { verifyJsonDepth } from './common/json-depth';
import { isJsonRequest, requireJsonBody } from './common/json-content-type';

/** Largest accepted request body; larger ones get a 413 before any handler runs. */
export const BODY_LIMIT = '1mb';

/**
 * Builds the fully configured shop (pipes, filter, body limit, OpenAPI) without listening, so
 * `main.ts` and the e2e tests run exactly the same application.
 */
export async function createShopApp(
  env: Readonly<Record<string, string | undefined>> = {},
  extra: DynamicModule['imports'] = [],
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env, extra), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: BODY_LIMIT, verify: verifyJsonDepth, type: isJsonRequest });
  app.disable('x-powered-by');
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
  app.useGlobalFilters(new HttpExceptionFilter());
  const openApi = new DocumentBuilder()
    .setTitle('Bulwark shop')
    .setDescription('Reference flash-sale service: cached product reads, orders with events')
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
