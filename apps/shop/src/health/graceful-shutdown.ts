import { INestApplication, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpDrain } from './http-drain';
import { LifecycleState } from './lifecycle.state';

export interface GracefulShutdownOptions {
  /**
   * How long HTTP keeps serving after readiness flips to 503, before the listener closes.
   * Kubernetes sends SIGTERM and removes the pod from its Service endpoints at the same time;
   * proxies learn of the removal a moment later and keep sending requests until then.
   */
  readonly delayMs: number;
}

/**
 * The hybrid app's shutdown, in order:
 * 1. readiness answers 503 (and keeps answering it while the listener is open); from now on
 *    every response carries `Connection: close`;
 * 2. HTTP keeps serving for `delayMs`, then the listener closes, idle keep-alive sockets close and
 *    in-flight requests finish;
 * 3. `app.close()`: the cache closes its Redis connections (onModuleDestroy), the Kafka consumer
 *    finishes its current chunk, commits it and leaves the group, the RabbitMQ consumers stop
 *    (microservices close), then the outbox relays stop after their current batch, producers
 *    flush, and the Postgres pool closes (onApplicationShutdown).
 * The caller bounds the whole sequence (SHUTDOWN_TIMEOUT_MS).
 */
export async function gracefulShutdown(
  app: INestApplication,
  signal: string,
  options: GracefulShutdownOptions,
): Promise<void> {
  const logger = new Logger('Shutdown');
  const started = Date.now();
  const http = app.get(HttpDrain);
  app.get(LifecycleState).startDraining();
  http.begin();
  logger.log(
    `${signal}: draining (readiness now 503); serving ${options.delayMs} ms more before closing the listener`,
  );
  if (options.delayMs > 0) await sleep(options.delayMs);
  const drained = await http.close();
  logger.log(
    `HTTP closed: ${drained.inFlightAtClose} in-flight requests finished in ${drained.ms} ms; stopping consumers, relays and connections`,
  );
  await app.close();
  logger.log(`closed in ${Date.now() - started} ms`);
}
