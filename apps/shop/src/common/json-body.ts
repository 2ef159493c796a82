import type { FastifyInstance, FastifyRequest } from 'fastify';
import { JSON_CONTENT_TYPE } from './json-content-type';
import { jsonShapeViolation, MAX_JSON_DEPTH, MAX_JSON_OBJECT_KEYS } from './json-shape';

const FORBIDDEN_KEY = /"(?:__proto__|constructor)"\s*:/;

/** A 4xx the API's filter answers with the message of its `type` (see http-exception.filter). */
export class BodyError extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/**
 * Request bodies are JSON or nothing. Replaces Fastify's parsers:
 * - JSON types: read up to `bodyLimit` (Fastify answers 413 past it, from Content-Length before
 *   reading), refused with 400 when nested deeper than {@link MAX_JSON_DEPTH} or when an object
 *   has more than {@link MAX_JSON_OBJECT_KEYS} keys (see json-shape.ts for what each would cost),
 *   then parsed;
 * - any other type with a body: 415. Fastify's default `text/plain` parser would hand the
 *   validator a string, and a write sent as a form would be validated as an empty update
 *   (200, nothing changed: the client's write silently lost);
 * - an empty body of any type (`curl -X POST -d ''`) carries nothing to lose and passes.
 */
/** Why a body did not parse: a forbidden key gets its own message rather than "not valid JSON". */
function parseError(body: Buffer): BodyError {
  return FORBIDDEN_KEY.test(body.toString('latin1'))
    ? new BodyError(400, 'entity.forbidden.key', 'forbidden __proto__ or constructor key')
    : new BodyError(400, 'entity.parse.failed', 'invalid JSON');
}

export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  // Fastify's own parse (secure-json-parse): a `__proto__` or `constructor.prototype` key is an
  // error rather than a prototype pollution waiting for a later Object.assign.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    JSON_CONTENT_TYPE,
    { parseAs: 'buffer', bodyLimit },
    (request: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
      if (body.length === 0) return done(null, undefined);
      const violation = jsonShapeViolation(body);
      if (violation === 'too-deep') {
        return done(
          new BodyError(400, 'entity.too.deep', `JSON nesting deeper than ${MAX_JSON_DEPTH}`),
        );
      }
      if (violation === 'too-many-keys') {
        return done(
          new BodyError(400, 'entity.too.wide', `over ${MAX_JSON_OBJECT_KEYS} keys in an object`),
        );
      }
      // Typed for strings; secure-json-parse underneath takes a Buffer as well (no decode copy).
      parseJson(request, body as unknown as string, (err: Error | null, parsed: unknown) =>
        err ? done(parseError(body)) : done(null, parsed),
      );
    },
  );
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    const { headers } = request;
    const empty =
      headers['transfer-encoding'] === undefined && Number(headers['content-length'] ?? 0) === 0;
    if (empty) return done(null, undefined);
    done(
      new BodyError(
        415,
        'content-type.unsupported',
        'Request body must be JSON (Content-Type: application/json)',
      ),
    );
  });
}
