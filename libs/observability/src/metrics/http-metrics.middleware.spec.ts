import { EventEmitter } from 'node:events';
import { Registry } from 'prom-client';
import { HttpMetricsMiddleware, routeLabel } from './http-metrics.middleware';

describe('routeLabel', () => {
  it('uses the route template with its mount point', () => {
    expect(routeLabel({ method: 'GET', baseUrl: '', route: { path: '/products/:id' } })).toBe(
      '/products/:id',
    );
  });

  it('puts unmatched requests and catch-alls under one label', () => {
    expect(routeLabel({ method: 'GET' })).toBe('unmatched');
    expect(routeLabel({ method: 'GET', route: { path: '/{*path}' } })).toBe('unmatched');
  });
});

describe('HttpMetricsMiddleware', () => {
  it('observes one duration per request even when both finish and close fire', async () => {
    const registry = new Registry();
    const mw = new HttpMetricsMiddleware(registry);
    const res = Object.assign(new EventEmitter(), { statusCode: 201 });
    const req = { method: 'POST', route: { path: '/orders' } };
    mw.use(req, res, () => undefined);
    res.emit('finish');
    res.emit('close');
    const text = await registry.metrics();
    expect(text).toContain(
      'http_request_duration_seconds_count{method="POST",route="/orders",status="201"} 1',
    );
  });
});
