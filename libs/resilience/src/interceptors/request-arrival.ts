import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';

const arrivals = new WeakMap<object, number>();

/**
 * Stamps `req` as arrived now, unless it already is: admission control stamps the requests it
 * queues when they arrive, and their budget must count that wait.
 * @internal
 */
export const markArrival = (req: IncomingMessage): void => {
  if (!arrivals.has(req)) arrivals.set(req, Date.now());
};

/**
 * When the request's headers were parsed, or undefined if unknown (no HTTP server, or a
 * request object the tracker never saw). Works for Express (`req` is the IncomingMessage)
 * and Fastify (`req.raw` is).
 * @internal
 */
export function arrivalOf(req: object): number | undefined {
  const at = arrivals.get(req);
  if (at !== undefined) return at;
  const raw: unknown = Reflect.get(req, 'raw');
  return typeof raw === 'object' && raw !== null ? arrivals.get(raw) : undefined;
}

/**
 * Records each request's arrival on the Node HTTP server's `request` event, before routing,
 * body parsing, guards and pipes. A route's budget then counts from arrival, as its caller
 * sees it, rather than from the moment the interceptor runs (several ms later under load).
 * @internal
 */
@Injectable()
export class RequestArrivalTracker implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Pick<Server, 'prependListener' | 'off'>;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const server: unknown = this.adapterHost.httpAdapter?.getHttpServer();
    if (!isHttpServer(server)) return;
    this.server = server;
    server.prependListener('request', markArrival);
  }

  onApplicationShutdown(): void {
    this.server?.off('request', markArrival);
  }
}

function isHttpServer(value: unknown): value is Pick<Server, 'prependListener' | 'off'> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'prependListener') === 'function' &&
    typeof Reflect.get(value, 'off') === 'function'
  );
}
