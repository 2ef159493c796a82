import { ApiErrors } from './api-responses';

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

/** OpenAPI for a route that takes a body: the 413 and 415 every body route may answer. */
export const ApiJsonBody = (): MethodDecorator =>
  ApiErrors({
    413: 'The body is larger than 1 MB',
    415: 'The body is not JSON (`application/json` or `application/*+json`)',
  });
