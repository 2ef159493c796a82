import { REQUEST_ID_HEADER } from '@bulwark/common';
import { randomUUID } from 'node:crypto';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface HeaderBag {
  headers: Record<string, string | string[] | undefined>;
}
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * The caller's `x-request-id` when it is a plain token (so logs join across services), else a new
 * UUID. An arbitrary header value is not trusted into logs. Fastify's `genReqId` takes this.
 */
export function requestIdOf(req: HeaderBag): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** {@link requestIdOf}, echoed on the response (pino-http's `genReqId` on Express). */
export function requestId(req: HeaderBag, res: HeaderSink): string {
  const id = requestIdOf(req);
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
