import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One row of README's "HTTP API" table. */
export interface ReadmeRoute {
  method: string;
  /** OpenAPI form: `/products/{id}`, query string dropped. */
  path: string;
  /** Every status the row's success and error columns name. */
  statuses: number[];
}

export const README_PATH = join(__dirname, '..', '..', 'README.md');

/** README.md as text. */
export const readme = (): string => readFileSync(README_PATH, 'utf8');

/**
 * The routes of README's `### HTTP API` table. A status is a number that starts one of a
 * column's comma-separated items (`400 non-integer id, 404 unknown id`), so figures inside an
 * item (`budget (300 ms)`) are not read as statuses.
 */
export function readmeRoutes(text = readme()): ReadmeRoute[] {
  const section = text.split('### HTTP API')[1];
  if (!section) throw new Error('README has no "### HTTP API" section');
  const lines = section.split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  const rows = lines
    .slice(start, end)
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(' | '));
  const routes: ReadmeRoute[] = [];
  for (const [route, success, errors] of rows) {
    const match = /^\| `([A-Z]+) ([^`?]+)(?:\?[^`]*)?`/.exec(route);
    if (!match) throw new Error(`cannot read the route of README row: ${route}`);
    const statuses = [success, errors ?? '']
      .flatMap((column) => column.split(/,\s*|;\s*/))
      .map((item) => /^\s*([1-5]\d\d)\b/.exec(item)?.[1])
      .filter((s): s is string => s !== undefined)
      .map(Number);
    routes.push({
      method: match[1],
      path: match[2].replace(/:([A-Za-z]+)/g, '{$1}'),
      statuses: [...new Set(statuses)].sort(),
    });
  }
  return routes;
}
