import './v8-heap';
import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createShopApp } from './bootstrap';
import { EnvValidationError, parseEnv } from './config/env';
import { gracefulShutdown } from './health/graceful-shutdown';
import { warmUpRequestPath } from './common/warm-up';

async function main(): Promise<void> {
  let env;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    if (!(err instanceof EnvValidationError)) throw err;
    // One clear line and a non-zero exit: a misconfigured instance must not half-start.
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const app = await createShopApp();
  await app.startAllMicroservices();
  const warmUpMs = await warmUpRequestPath(app, env.WARM_UP_REQUESTS);
  if (warmUpMs > 0) {
    Logger.log(
      `request path warmed up: ${env.WARM_UP_REQUESTS} requests in ${Math.round(warmUpMs)} ms`,
      'Bootstrap',
    );
  }
  await app.listen(env.PORT, '0.0.0.0');
  const port = (app.getHttpServer().address() as { port: number }).port;
  Logger.log(
    `shop listening on http://localhost:${port} (OpenAPI at /docs) on Node ${process.version}`,
    'Bootstrap',
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      Logger.error(`shutdown exceeded ${env.SHUTDOWN_TIMEOUT_MS} ms; exiting`, 'Bootstrap');
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // The pre-stop delay is for orchestrators, which send SIGTERM; Ctrl+C (SIGINT) stops at once.
    const delayMs = signal === 'SIGTERM' ? env.SHUTDOWN_DELAY_MS : 0;
    gracefulShutdown(app, signal, { delayMs })
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        Logger.error(`shutdown failed: ${String(err)}`, 'Bootstrap');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
