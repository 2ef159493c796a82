import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ADMISSION_DEFAULT_TARGET_MS, ADMISSION_SLICE_MS } from '../resilience.constants';
import { RequestPacer } from './request-pacer';

/** What the gate asks before refusing: is the server shedding, and is this request in the admitted share. @publicApi */
export interface AdmissionDecider {
  readonly shedding: boolean;
  admit(): boolean;
}

/** How admitted requests are handed to the framework; see {@link RequestPacer}. @publicApi */
export interface AdmissionPacing {
  /** Loop time per turn spent starting new requests; the rest wait for the next turn. */
  readonly sliceMs: number;
  /** While shedding, a request that waited longer than this is refused instead of started. */
  readonly shedAfterMs: number;
}

const DEFAULT_PACING: AdmissionPacing = {
  sliceMs: ADMISSION_SLICE_MS,
  shedAfterMs: ADMISSION_DEFAULT_TARGET_MS,
};

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
 * Admitted requests are paced ({@link RequestPacer}): at most a slice of each loop turn starts
 * new requests, so dependency replies are read between slices of a burst.
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
  private pacer: RequestPacer | undefined;
  private readonly headers: string[];

  constructor(
    private readonly decider: AdmissionDecider,
    private readonly exemptPrefixes: readonly string[],
    retryAfterSeconds: number,
    private readonly onShed: () => void = () => undefined,
    private readonly pacing: AdmissionPacing = DEFAULT_PACING,
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
    const { decider, exempt, refuse } = this;
    const pacer = new RequestPacer(
      this.pacing.sliceMs,
      this.pacing.shedAfterMs,
      () => decider.shedding,
      {
        dispatch: (req, res) => original.call(server, 'request', req, res),
        refuse,
      },
    );
    // A plain function: `this` is the server, as the original emit expects.
    const gated = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
      if (event !== 'request' || exempt(args[0] as IncomingMessage))
        return original.call(this, event, ...args);
      const res = args[1] as ServerResponse;
      if (decider.shedding && !decider.admit()) refuse(res);
      else pacer.offer(args[0] as IncomingMessage, res);
      return true;
    } as Emit;
    server.emit = gated;
    this.server = server;
    this.original = original as Emit;
    this.gated = gated;
    this.pacer = pacer;
  }

  /** How long the oldest request waiting for its turn has waited, ms. */
  queueDelayMs(): number {
    return this.pacer?.oldestWaitMs() ?? 0;
  }

  /** Puts the original `emit` back, unless something wrapped ours since (removing it would drop theirs). */
  uninstall(): void {
    if (this.server && this.server.emit === this.gated) this.server.emit = this.original!;
    this.server = undefined;
    this.original = undefined;
    this.gated = undefined;
    this.pacer = undefined;
  }

  /** Probes, scrapes and operators skip both the pacing and the refusal. */
  private readonly exempt = (req: IncomingMessage): boolean => {
    const url = req.url ?? '';
    for (const prefix of this.exemptPrefixes) if (url.startsWith(prefix)) return true;
    return false;
  };

  private readonly refuse = (res: ServerResponse): void => {
    this.shedTotal++;
    this.onShed();
    res.writeHead(503, this.headers);
    res.end(BODY);
  };
}
