import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const LIBS = ['common', 'cache', 'resilience', 'messaging', 'observability', 'kafka-broker'];
const EXAMPLE = /<!-- example: (\S+) -->\n```ts\n([\s\S]*?)```\n<!-- \/example -->/g;

describe('Packages > each library README', () => {
  it.each(LIBS)('%s: has an Install section before anything else', (lib) => {
    const readme = readFileSync(join(ROOT, 'libs', lib, 'README.md'), 'utf8');
    expect(/^## .*/m.exec(readme)?.[0]).toBe('## Install');
  });

  // The examples are the e2e's fixture files, not a second copy that could drift from them.
  it.each(LIBS)('%s: shows the e2e fixture files verbatim', (lib) => {
    const readme = readFileSync(join(ROOT, 'libs', lib, 'README.md'), 'utf8');
    const examples = [...readme.matchAll(EXAMPLE)];
    expect(examples.length).toBeGreaterThan(0);
    for (const [, file, code] of examples) {
      expect(file).toMatch(/^test\/packages\/fixtures\//);
      expect(code).toBe(readFileSync(join(ROOT, file), 'utf8'));
    }
  });
});
