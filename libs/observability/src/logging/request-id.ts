import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface HeaderBag {
  headers: Record<string, string | string[] | undefined>;
}
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * Honours a caller's `x-request-id` when it is a plain token (so logs join across services), else
 * generates one; echoes it on the response. An arbitrary header value is not trusted into logs.
 */
export function requestId(req: HeaderBag, res: HeaderSink): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
