import type { ExecutionContext } from '@nestjs/common';
import type { CacheKeyInput } from '../keys/key-template';

interface HttpRequestLike {
  params?: Record<string, string | undefined>;
  query?: Record<string, unknown>;
}

interface HttpResponseLike {
  setHeader?: (name: string, value: string) => unknown;
  header?: (name: string, value: string) => unknown;
}

/** Route params and query as a key input (Express and Fastify requests both carry them). @internal */
export function keyInputFromHttp(ctx: ExecutionContext): CacheKeyInput {
  const req = ctx.switchToHttp().getRequest<HttpRequestLike>();
  return { args: [], params: req.params ?? {}, query: req.query ?? {} };
}

/** Sets a response header on Express (`setHeader`) or Fastify (`header`). @internal */
export function setHeader(ctx: ExecutionContext, name: string, value: string): void {
  const res = ctx.switchToHttp().getResponse<HttpResponseLike>();
  if (typeof res.setHeader === 'function') res.setHeader(name, value);
  else if (typeof res.header === 'function') res.header(name, value);
}
