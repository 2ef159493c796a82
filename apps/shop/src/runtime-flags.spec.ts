import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SHOP_NODE_FLAGS } from './runtime-flags';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string): string => readFileSync(resolve(ROOT, path), 'utf8');

describe('SHOP_NODE_FLAGS', () => {
  const flags = SHOP_NODE_FLAGS.join(' ');

  it.each(['start', 'start:prod'])('should be what `npm run %s` starts node with', (script) => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts[script]).toMatch(new RegExp(`^node ${flags} `));
  });

  it("should be what the Docker image's CMD starts node with", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'));
    const argv = JSON.parse(cmd![1]) as string[];
    expect(argv.slice(0, 1 + SHOP_NODE_FLAGS.length)).toEqual(['node', ...SHOP_NODE_FLAGS]);
  });
});
