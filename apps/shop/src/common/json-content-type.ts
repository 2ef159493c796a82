import { ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';

const JSON_MEDIA_TYPE = /^application\/(?:[^\s/;+]+\+)?json$/;

/**
 * True when `contentType` (a Content-Type header) is `application/json` or any `+json` type
 * (RFC 6839): the types `registerJsonBodyParser` parses; every other body is a 415.
 */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';', 1)[0].trim().toLowerCase();
  return mediaType !== undefined && JSON_MEDIA_TYPE.test(mediaType);
}

/** OpenAPI for a route that takes a body: documents the 415 of a body that is not JSON. */
export const ApiJsonBody = (): MethodDecorator =>
  ApiUnsupportedMediaTypeResponse({
    description: 'The body is not JSON (`application/json` or `application/*+json`)',
  });
