import type { Histogram, Registry } from 'prom-client';
import { histogram } from '@bulwark/common';

type Labels = 'method' | 'route' | 'status';
type Child = ReturnType<Histogram<Labels>['labels']>;

/**
 * `http_request_duration_seconds{method,route,status}`, shared by the Express middleware and the
 * Fastify hook so both adapters export one metric. `observe` keeps one labelled child per
 * (method, route, status): prom-client hashes a label object on every `observe(labels, v)`, which
 * was the single largest cost of recording a request; a Map lookup on a short string is not.
 */
export class HttpDuration {
  private readonly histogram: Histogram<Labels>;
  private readonly children = new Map<string, Child>();

  constructor(registry: Registry) {
    this.histogram = histogram(registry, {
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let child = this.children.get(key);
    if (!child) {
      child = this.histogram.labels(method, route, String(status));
      this.children.set(key, child);
    }
    child.observe(seconds);
  }
}
