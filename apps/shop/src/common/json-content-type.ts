import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';

const JSON_MEDIA_TYPE = /^application\/(?:[^\s/;+]+\+)?json$/;

/**
 * True when `contentType` (a Content-Type header) is `application/json` or any `+json` type
 * (RFC 6839). The one rule for both sides: body-parser parses exactly these ({@link
 * isJsonRequest} is its `type`), and {@link requireJsonBody} refuses every other body.
 */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';', 1)[0].trim().toLowerCase();
  return mediaType !== undefined && JSON_MEDIA_TYPE.test(mediaType);
}

/** body-parser's `type` option: parse the requests {@link isJsonMediaType} accepts. */
export const isJsonRequest = (req: IncomingMessage): boolean =>
  isJsonMediaType(req.headers['content-type']);

/**
 * Refuses a request body the JSON parser would skip. body-parser leaves a body of any other type
 * unread, so `PUT /products/1` sent as `text/plain` validated as an empty update and answered 200
 * having changed nothing: the client's write was silently lost. Such a body is now a 415. Empty
 * bodies (`Content-Length: 0`, as `curl -X POST -d ''` sends) carry nothing to lose and pass.
 */
export function requireJsonBody(
  req: IncomingMessage,
  _res: ServerResponse,
  next: (err?: unknown) => void,
): void {
  const chunked = req.headers['transfer-encoding'] !== undefined;
  const length = Number(req.headers['content-length'] ?? 0);
  if ((chunked || length > 0) && !isJsonRequest(req)) {
    next(
      // Nest's Express adapter turns an error with `statusCode` and `expose` into an
      // HttpException carrying this message, which the API's filter answers as usual.
      Object.assign(new Error('Request body must be JSON (Content-Type: application/json)'), {
        status: 415,
        statusCode: 415,
        type: 'content-type.unsupported',
        expose: true,
      }),
    );
    return;
  }
  next();
}

/** OpenAPI for a route that takes a body: documents the 415 of {@link requireJsonBody}. */
export const ApiJsonBody = (): MethodDecorator =>
  ApiUnsupportedMediaTypeResponse({
    description: 'The body is not JSON (`application/json` or `application/*+json`)',
  });
