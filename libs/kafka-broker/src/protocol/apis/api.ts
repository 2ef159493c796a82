import type { Decoder } from '../decoder';
import type { Encoder } from '../encoder';

/** One version of one API, server side: read the request body, write the response body. */
export interface VersionCodec<Req, Res> {
  decodeRequest(decoder: Decoder): Req;
  encodeResponse(encoder: Encoder, body: Res): void;
}

/** An API's version table; ApiVersions advertises min..max of `versions` and nothing else. */
export interface ApiDefinition<Req, Res> {
  readonly apiKey: number;
  readonly versions: Readonly<Record<number, VersionCodec<Req, Res>>>;
}

/** Builds an API table; the versions must be contiguous because ApiVersions sends a range. */
export function defineApi<Req, Res>(
  apiKey: number,
  versions: Record<number, VersionCodec<Req, Res>>,
): ApiDefinition<Req, Res> {
  const numbers = Object.keys(versions).map(Number);
  const [min, max] = [Math.min(...numbers), Math.max(...numbers)];
  if (numbers.length !== max - min + 1) throw new Error(`api ${apiKey}: versions not contiguous`);
  return { apiKey, versions };
}

/** Lowest and highest version of a table. */
export function versionRange(api: ApiDefinition<unknown, unknown>): [number, number] {
  const numbers = Object.keys(api.versions).map(Number);
  return [Math.min(...numbers), Math.max(...numbers)];
}
