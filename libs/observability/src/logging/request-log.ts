import { hostname } from 'node:os';
import { FastifyHook, FastifyInstanceLike, fastifyRouteLabel } from '../http/fastify-instance';
import { REQUEST_ID_HEADER } from '@bulwark/common';

/** Where request lines go: a pino logger's level check and the destination it writes to. */
export interface RequestLogSink {
  isLevelEnabled(level: string): boolean;
  /** One newline-terminated JSON line (pino's `DestinationStream.write`). */
  write(line: string): void;
}

export interface RequestLogOptions {
  /** Requests whose URL matches are not logged (probes, scrapes). */
  ignore?: RegExp;
}

/** pino's numeric level for `info`, so the lines sort and filter with the app's own. */
const INFO = 30;

/**
 * One `info` line per answered request on Fastify — id, method, URL, route, status and time, in
 * pino's JSON line format — and the `x-request-id` header echoed on every response.
 *
 * It replaces pino-http, which builds a child logger and serialises `req` and `res` (headers
 * included) for every request, whatever the level, and cost more CPU than the cached read it
 * logged. The line is assembled here rather than through `logger.info(fields)`: pino's generic
 * serialiser walks and escapes every field, and on a warm cached read that was a fifth of the
 * request's CPU (`bench:http`, info vs warn, 2026-12-05). The request id, method and route need
 * no escaping (a request id is a plain token or a UUID, `requestIdOf`); the URL is escaped.
 */
export function installFastifyRequestLog(
  fastify: FastifyInstanceLike,
  log: RequestLogSink,
  options: RequestLogOptions = {},
): void {
  const echoId: FastifyHook = (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  };
  fastify.addHook('onRequest', echoId);
  const ignore = options.ignore;
  const head = `{"level":${INFO},"time":`;
  const origin = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"reqId":"`;
  fastify.addHook('onResponse', (request, reply, done) => {
    if (log.isLevelEnabled('info') && !(ignore && ignore.test(request.url))) {
      const url = JSON.stringify(request.url);
      const ms = Math.round(reply.elapsedTime * 100) / 100;
      log.write(
        `${head}${Date.now()}${origin}${request.id}","method":"${request.method}","url":${url},` +
          `"route":"${fastifyRouteLabel(request)}","statusCode":${reply.statusCode},` +
          `"responseTimeMs":${ms},"msg":"request completed"}\n`,
      );
    }
    done();
  });
}
