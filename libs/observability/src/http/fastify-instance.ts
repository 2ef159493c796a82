/**
 * The few members of a Fastify request, reply and instance the observability hooks use. Typed
 * structurally so `@bulwark/observability` does not make Express users install Fastify.
 * @internal
 */
export interface FastifyRequestLike {
  id: string;
  method: string;
  url: string;
  routeOptions: { url?: string };
}

/** @internal */
export interface FastifyReplyLike {
  statusCode: number;
  elapsedTime: number;
  header(name: string, value: string): unknown;
}

export type FastifyHook = (
  request: FastifyRequestLike,
  reply: FastifyReplyLike,
  done: () => void,
) => void;

/** @internal */
export interface FastifyInstanceLike {
  addHook(name: 'onRequest' | 'onResponse', hook: FastifyHook): unknown;
}

/** Nest's adapter type name for Fastify (`HttpAdapterHost.httpAdapter.getType()`). @internal */
export const FASTIFY = 'fastify';

/** Fastify's route template of a request; `unmatched` for the 404s of routes that do not exist. */
export function fastifyRouteLabel(request: FastifyRequestLike): string {
  return request.routeOptions.url ?? 'unmatched';
}
