import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';
import { histogram } from './metric-factory';
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

/** Records `http_request_duration_seconds{method,route,status}` for every request (RED metrics). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.duration = histogram(registry, {
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
  }

  use(req: RoutedRequest, res: FinishingResponse, next: () => void): void {
    const start = process.hrtime.bigint();
    let done = false;
    const record = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.duration.observe(
        { method: req.method, route: routeLabel(req), status: String(res.statusCode) },
        seconds,
      );
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  }
}
