import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestShop, TestShop } from '../../support/shop-app';
import { readme, readmeRoutes } from '../../support/readme-http-table';

interface Header {
  description?: string;
}
interface Response {
  description?: string;
  headers?: Record<string, Header>;
  content?: Record<string, { schema?: { $ref?: string } }>;
}
interface Operation {
  parameters?: { in: string; name: string; description?: string }[];
  requestBody?: unknown;
  responses: Record<string, Response>;
}
interface OpenApi {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { required?: string[] }> };
}

const ERROR_SCHEMA = '#/components/schemas/ErrorResponse';
/** README: "any route but /health/*, /metrics and /admin/* may answer 503" (admission control). */
const ADMISSION_EXEMPT = /^\/(health\/|metrics|admin)/;
/** Probes answer their 503 with terminus's per-check report, not the error body. */
const PROBE = /^\/health\//;
/** Routes whose budget the caller's deadline headers shorten (README, under the table). */
const DEADLINE_ROUTES = /^\/(products|orders)\b/;

/**
 * `/docs-json` against README's HTTP table: the same routes, the same statuses per route (plus the
 * rules stated under the table: 413 and 415 on every route with a body, the admission 503), every
 * error with the shared schema, and the documented headers.
 */
describe('Shop > OpenAPI contract (/docs-json vs README)', () => {
  let shop: TestShop;
  let spec: OpenApi;
  beforeAll(async () => {
    shop = await startTestShop();
    spec = (await shop.http().get('/docs-json').expect(200)).body as OpenApi;
  });
  afterAll(() => shop.close());

  const routes = readmeRoutes().filter((r) => r.path !== '/docs');
  const operation = (method: string, path: string): Operation | undefined =>
    spec.paths[path]?.[method.toLowerCase()];

  it('reads the README table', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes).toContainEqual({
      method: 'POST',
      path: '/orders',
      statuses: [202, 400, 404, 409, 422, 503, 504],
    });
  });

  it('documents exactly the routes the README lists', () => {
    const documented = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s declares exactly the README statuses',
    (_name, route) => {
      const op = operation(route.method, route.path)!;
      const expected = new Set(route.statuses);
      if (op.requestBody) [413, 415].forEach((s) => expected.add(s));
      if (!ADMISSION_EXEMPT.test(route.path)) expected.add(503);
      expect(Object.keys(op.responses).map(Number).sort()).toEqual([...expected].sort());
      const problems: string[] = [];
      for (const [status, response] of Object.entries(op.responses)) {
        if (!response.description?.trim()) problems.push(`${status}: no description`);
        const isError = Number(status) >= 400 && !PROBE.test(route.path);
        if (isError && response.content?.['application/json']?.schema?.$ref !== ERROR_SCHEMA) {
          problems.push(`${status}: not the ErrorResponse schema`);
        }
        if (isError && status === '503' && !response.headers?.['Retry-After']?.description) {
          problems.push('503: no Retry-After header');
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('declares the shared error schema {statusCode, error, message}', () => {
    expect(spec.components.schemas.ErrorResponse.required?.sort()).toEqual([
      'error',
      'message',
      'statusCode',
    ]);
  });

  it("documents the caller's deadline headers on every products and orders route", () => {
    for (const route of routes.filter((r) => DEADLINE_ROUTES.test(r.path))) {
      const headers = (operation(route.method, route.path)!.parameters ?? [])
        .filter((p) => p.in === 'header')
        .map((p) => p.name);
      expect([route.path, headers]).toEqual([
        route.path,
        expect.arrayContaining(['x-request-timeout', 'x-request-deadline']),
      ]);
      expect(route.statuses).toContain(504);
    }
  });

  it('documents Idempotency-Key (request) and Idempotent-Replayed (202 response)', () => {
    const op = operation('POST', '/orders')!;
    expect(op.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'Idempotency-Key' }),
    );
    expect(op.responses['202'].headers?.['Idempotent-Replayed']?.description).toBeTruthy();
  });

  it('every header the spec documents is one the README names', () => {
    const text = readme();
    const names = new Set<string>();
    for (const ops of Object.values(spec.paths)) {
      for (const op of Object.values(ops)) {
        (op.parameters ?? []).filter((p) => p.in === 'header').forEach((p) => names.add(p.name));
        Object.values(op.responses).forEach((r) =>
          Object.keys(r.headers ?? {}).forEach((h) => names.add(h)),
        );
      }
    }
    expect([...names].sort()).toEqual([
      'Idempotency-Key',
      'Idempotent-Replayed',
      'Retry-After',
      'x-request-deadline',
      'x-request-timeout',
    ]);
    for (const name of names) expect([name, text.includes(`\`${name}`)]).toEqual([name, true]);
  });

  it("carries package.json's version", () => {
    const pkg = JSON.parse(
      readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
    ) as { version: string };
    expect(spec.info.version).toBe(pkg.version);
  });
});
