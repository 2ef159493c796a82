import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { LifecycleState } from './lifecycle.state';

/** What an HTTP drain did, for the shutdown log. */
export interface HttpDrainResult {
  /** Requests still running when the listener closed. */
  readonly inFlightAtClose: number;
  readonly ms: number;
  /** Requests still running when the drain budget ran out; their sockets were destroyed. */
  readonly forced: number;
}

/**
 * Lets the HTTP server drain without resetting a keep-alive client. While draining, every response
 * carries `Connection: close`, so each client learns to open its next request elsewhere and the
 * socket ends after the response. Without it Node keeps an active keep-alive socket open after
 * `server.close()` until its keep-alive timeout (5 s), and a client reusing it then races the
 * close and gets ECONNRESET. The `request` listener is prepended: it runs before the framework's,
 * so the header is set for every route, error and 404 alike.
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
   * Stops accepting connections, closes idle keep-alive sockets at once, lets in-flight requests
   * finish for up to `budgetMs`, then destroys every socket still open and resolves once the
   * server has closed. The budget is what makes this end: `server.close()` alone waits for every
   * socket, and a client that sent half its headers (or trickles a body) never lets its socket
   * close — and Node stops the timers that would end it (`headersTimeout`) once the server closes.
   */
  async close(budgetMs: number): Promise<HttpDrainResult> {
    const server = this.server;
    const started = Date.now();
    const inFlightAtClose = this.inFlight.size;
    if (!server?.listening) return { inFlightAtClose, ms: 0, forced: 0 };
    this.closing = true;
    for (const res of this.inFlight) this.closeAfter(res);
    // Node's close() also closes the connections idle at this moment.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const drained = await this.inFlightDone(budgetMs);
    const forced = drained ? 0 : this.inFlight.size;
    // Sockets that never became a request (partial headers) and requests past the budget.
    server.closeAllConnections();
    await closed;
    return { inFlightAtClose, ms: Date.now() - started, forced };
  }

  /** True when every in-flight response finished within `budgetMs`. */
  private async inFlightDone(budgetMs: number): Promise<boolean> {
    const deadline = Date.now() + budgetMs;
    while (this.inFlight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 20)));
    }
    return true;
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
