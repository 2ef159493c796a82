import type { BrokerCore } from '../broker-core';
import type { ApiDefinition } from '../protocol/apis/api';

/** Who sent a request and where they reached us (advertised back in Metadata). */
export interface RequestContext {
  readonly apiVersion: number;
  readonly clientId: string;
  readonly clientHost: string;
  readonly localHost: string;
  readonly localPort: number;
  /** Registers a callback for when the connection closes (a long-polling fetch stops early);
   * returns the function that unregisters it, so waits do not pile up on long-lived sockets. */
  readonly onClose: (listener: () => void) => () => void;
}

/** Returns the response body, or null when the request expects none (Produce with acks=0). */
export type Handler<Req, Res> = (
  request: Req,
  context: RequestContext,
  core: BrokerCore,
) => Res | null | Promise<Res | null>;

/** An API's codecs together with its handler. */
export interface ApiRoute<Req = unknown, Res = unknown> {
  readonly api: ApiDefinition<Req, Res>;
  readonly handle: Handler<Req, Res>;
}

/** Pairs an API table with its handler, keeping their types in step. */
export function route<Req, Res>(api: ApiDefinition<Req, Res>, handle: Handler<Req, Res>): ApiRoute {
  return { api, handle } as unknown as ApiRoute;
}
