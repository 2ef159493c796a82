import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** What the gate asks before refusing: is the server shedding, and is this request in the admitted share. @publicApi */
export interface AdmissionDecider {
  readonly shedding: boolean;
  admit(): boolean;
}

type Emit = Server['emit'];
type RawEmit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;

/** The answer to a refused request: `{statusCode:503,error:"Service Unavailable",message:"overloaded, retry later"}`. */
const BODY = Buffer.from(
  JSON.stringify({
    statusCode: 503,
    error: 'Service Unavailable',
    message: 'overloaded, retry later',
  }),
);

/**
 * Refuses requests on the raw `node:http` server, before the framework sees them: no routing,
 * body parsing, validation, logging, tracing span or metrics middleware runs for a refused
 * request, which costs only Node's HTTP parse and one write. Works under Express and Fastify
 * alike (both sit on `node:http`).
 *
 * It wraps the server's `emit` rather than its `request` listeners: listeners that other
 * providers prepend later (request arrival, the HTTP drain) would otherwise run before the gate
 * for every refused request, and OpenTelemetry's http instrumentation patches
 * `Server.prototype.emit`, so a refusal would still open a span. Calling the original `emit` only
 * for admitted requests keeps all of them off the refusal path, whatever the order of bootstrap
 * hooks.
 *
 * `ResilienceModule` installs one on the app's server; use it directly only on a server Nest
 * does not own.
 * @example
 * new HttpAdmissionGate(decider, ['/health/'], 1).install(http.createServer(handler));
 * @publicApi
 */
export class HttpAdmissionGate {
  /** Requests refused since install. */
  shedTotal = 0;
  private server: Server | undefined;
  private original: Emit | undefined;
  private gated: Emit | undefined;
  private readonly headers: string[];

  constructor(
    private readonly decider: AdmissionDecider,
    private readonly exemptPrefixes: readonly string[],
    retryAfterSeconds: number,
    private readonly onShed: () => void = () => undefined,
  ) {
    // Built once: writeHead with a flat array skips Node's header object walk.
    this.headers = [
      'Content-Type',
      'application/json; charset=utf-8',
      'Content-Length',
      String(BODY.length),
      'Retry-After',
      String(retryAfterSeconds),
      'Cache-Control',
      'no-store',
    ];
  }

  install(server: Server): void {
    if (this.server) return;
    const original = server.emit as RawEmit;
    const { decider, refused } = this;
    // A plain function: `this` is the server, as the original emit expects.
    const gated = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'request' && decider.shedding && refused(args[0], args[1])) return true;
      return original.call(this, event, ...args);
    } as Emit;
    server.emit = gated;
    this.server = server;
    this.original = original as Emit;
    this.gated = gated;
  }

  /** Puts the original `emit` back, unless something wrapped ours since (removing it would drop theirs). */
  uninstall(): void {
    if (this.server && this.server.emit === this.gated) this.server.emit = this.original!;
    this.server = undefined;
    this.original = undefined;
    this.gated = undefined;
  }

  /** Answers 503 unless the request is exempt or in the admitted share; true if it did. */
  private readonly refused = (req: unknown, res: unknown): boolean => {
    const url = (req as IncomingMessage).url ?? '';
    // Exempt paths are checked first so they never use up the admitted share.
    for (const prefix of this.exemptPrefixes) if (url.startsWith(prefix)) return false;
    if (this.decider.admit()) return false;
    this.shedTotal++;
    this.onShed();
    (res as ServerResponse).writeHead(503, this.headers);
    (res as ServerResponse).end(BODY);
    return true;
  };
}
