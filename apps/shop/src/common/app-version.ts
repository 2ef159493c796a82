import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version in the repository's `package.json`, found by walking up from this file: the same
 * lookup works from `apps/shop/src` (`npm start`) and from `dist/apps/shop/...` (the image keeps
 * `package.json` at its root), so the OpenAPI document cannot claim another version.
 */
export function appVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'bulwark' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here (or not ours): keep walking up
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}
