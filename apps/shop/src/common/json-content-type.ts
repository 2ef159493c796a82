import { ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';

/**
 * The media types parsed as JSON: `application/json` and every `application/*+json` (RFC 6839),
 * with or without parameters, matched against a lower-cased Content-Type (Fastify normalises it
 * before matching `registerJsonBodyParser`'s parser). Every other body is a 415.
 */
export const JSON_CONTENT_TYPE = /^application\/(?:[^\s/;+]+\+)?json(?:;|$)/;

/** True when `contentType` (a Content-Type header) is one of {@link JSON_CONTENT_TYPE}'s types. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const normalised = contentType?.trim().toLowerCase();
  return normalised !== undefined && JSON_CONTENT_TYPE.test(normalised);
}

/** OpenAPI for a route that takes a body: documents the 415 of a body that is not JSON. */
export const ApiJsonBody = (): MethodDecorator =>
  ApiUnsupportedMediaTypeResponse({
    description: 'The body is not JSON (`application/json` or `application/*+json`)',
  });
