import { INestApplication, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpDrain } from './http-drain';
import { LifecycleState } from './lifecycle.state';

/**
 * How long in-flight requests may take to finish once the listener closes. The longest route
 * budget is 1 s (`POST /orders`): a request still running after that has had its 504, so its
 * socket (and any socket still sending its headers) is destroyed and the rest of the shutdown —
 * consumer commit, relay stop, producer flush, pool close — always gets its turn.
 */
export const HTTP_DRAIN_BUDGET_MS = 1_000;

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
 * 2. HTTP keeps serving for `delayMs`, then the listener closes, idle keep-alive sockets close,
 *    in-flight requests finish (at most {@link HTTP_DRAIN_BUDGET_MS}) and every socket left is
 *    destroyed;
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
  const drained = await http.close(HTTP_DRAIN_BUDGET_MS);
  logger.log(
    `HTTP closed in ${drained.ms} ms: ${drained.inFlightAtClose} requests in flight at close, ${drained.forced} cut off; stopping consumers, relays and connections`,
  );
  await app.close();
  logger.log(`closed in ${Date.now() - started} ms`);
}
