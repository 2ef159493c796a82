import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { LifecycleState } from './lifecycle.state';

/** What an HTTP drain did, for the shutdown log. */
export interface HttpDrainResult {
  /** Requests still running when the listener closed; all of them were let finish. */
  readonly inFlightAtClose: number;
  readonly ms: number;
}

/**
 * Lets the HTTP server drain without resetting a keep-alive client. While draining, every response
 * carries `Connection: close`, so each client learns to open its next request elsewhere and the
 * socket ends after the response. Without it Node keeps an active keep-alive socket open after
 * `server.close()` until its keep-alive timeout (5 s), and a client reusing it then races the
 * close and gets ECONNRESET. The `request` listener is prepended: it runs before Express, so the
 * header is set for every route, error and 404 alike.
 */
@Injectable()
export class HttpDrain implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private readonly inFlight = new Set<ServerResponse>();
  private closing = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly lifecycle: LifecycleState,
  ) {}

  onApplicationBootstrap(): void {
    // Nest runs bootstrap hooks again when a microservice starts listening.
    if (this.server) return;
    const server: unknown = this.adapterHost.httpAdapter?.getHttpServer();
    if (!isHttpServer(server)) return;
    this.server = server;
    server.prependListener('request', this.onRequest);
  }

  onApplicationShutdown(): void {
    this.server?.off('request', this.onRequest);
  }

  /** Requests being answered right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Marks the requests already running: their responses close their sockets too. */
  begin(): void {
    for (const res of this.inFlight) this.closeAfter(res);
  }

  /**
   * Stops accepting connections, closes idle keep-alive sockets at once and resolves when every
   * in-flight request has been answered and its socket closed.
   */
  async close(): Promise<HttpDrainResult> {
    const server = this.server;
    const started = Date.now();
    const inFlightAtClose = this.inFlight.size;
    if (!server?.listening) return { inFlightAtClose, ms: 0 };
    this.closing = true;
    for (const res of this.inFlight) this.closeAfter(res);
    // Node's close() also closes the connections idle at this moment.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return { inFlightAtClose, ms: Date.now() - started };
  }

  private readonly onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
    this.inFlight.add(res);
    res.once('close', () => this.inFlight.delete(res));
    if (this.lifecycle.isDraining) this.closeAfter(res);
  };

  /** Makes `res`'s socket end after it, also when its headers already went out as keep-alive. */
  private closeAfter(res: ServerResponse): void {
    if (!res.headersSent) {
      res.setHeader('Connection', 'close');
      return;
    }
    if (!this.closing) return;
    // Too late for the header: once answered the socket is idle, and close() must not wait for
    // the keep-alive timeout to end it.
    res.once('finish', () => setImmediate(() => this.server?.closeIdleConnections()));
  }
}

function isHttpServer(value: unknown): value is Server {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'prependListener') === 'function' &&
    typeof Reflect.get(value, 'closeIdleConnections') === 'function'
  );
}
