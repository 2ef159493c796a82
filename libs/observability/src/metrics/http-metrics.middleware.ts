import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { HttpDuration } from './http-duration';
import { METRICS_REGISTRY } from './metrics.constants';

interface RoutedRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: unknown };
}
interface FinishingResponse {
  statusCode: number;
  once(event: 'finish' | 'close', cb: () => void): unknown;
}

/**
 * The route template (`/products/:id`), never the raw URL: raw paths would give one time series per
 * id and blow up Prometheus. Requests that matched no route share one label.
 */
export function routeLabel(req: RoutedRequest): string {
  const path = req.route?.path;
  // Nest answers unknown routes from a catch-all (`{*path}`); that is not a route of the app.
  if (typeof path !== 'string' || path.includes('*')) return 'unmatched';
  return `${req.baseUrl ?? ''}${path}`;
}

/**
 * Records `http_request_duration_seconds{method,route,status}` for every request on the Express
 * adapter (RED metrics). On Fastify, `MetricsModule` uses an `onResponse` hook instead: Nest runs
 * middleware there through @fastify/middie, which costs every request more than the metric does.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: HttpDuration;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.duration = new HttpDuration(registry);
  }

  use(req: RoutedRequest, res: FinishingResponse, next: () => void): void {
    const start = process.hrtime.bigint();
    let done = false;
    const record = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.duration.observe(req.method, routeLabel(req), res.statusCode, seconds);
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  }
}
