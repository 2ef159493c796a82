#!/usr/bin/env node
// `npm run pack:libs`: builds every library under libs/ into dist/packages/<lib> (JS + .d.ts,
// CommonJS like the shop's own build; Nest 12's ESM-only packages load through Node's
// require(esm)) and writes an installable tarball per library to dist/packages/
// (`bulwark-<lib>-<version>.tgz`, what `npm pack` names it).
//
// Each library's manifest is libs/<lib>/package.json, its build libs/<lib>/tsconfig.build.json.
// There `@bulwark/<other>` resolves to the other library's already built .d.ts (libraries build
// in the order of their `@bulwark/*` dependencies), so it is never compiled in from source and
// the emitted JS requires it by package name, which must then be a dependency in the manifest.
// `@bulwark/common` depends on no other library and every library that uses it lists it, so it
// builds first.
// The monorepo itself keeps TypeScript path aliases rather than npm workspaces: tests, benches,
// chaos and `npm start` run the libraries from source with no build step, and the shared
// node_modules of the worktrees stays one plain install.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist', 'packages');
const rootVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const npmCli = process.env.npm_execpath; // set when run through npm; else `npm` on PATH

function npm(args, cwd) {
  const [cmd, pre] = npmCli ? [process.execPath, [npmCli]] : ['npm', []];
  return execFileSync(cmd, [...pre, ...args], { cwd, encoding: 'utf8' });
}

function checkManifest(lib, manifest) {
  if (manifest.name !== `@bulwark/${lib}`)
    throw new Error(`libs/${lib}: name must be @bulwark/${lib}`);
  if (manifest.version !== rootVersion) {
    throw new Error(
      `libs/${lib}: version ${manifest.version} differs from the root's ${rootVersion}`,
    );
  }
  for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
    if (dep.startsWith('@bulwark/') && range !== rootVersion) {
      throw new Error(`libs/${lib}: ${dep} must be ${rootVersion} (libraries release together)`);
    }
  }
}

/** Every `@bulwark/<other>` the built JS requires must be a dependency of the package. */
function checkRequires(lib, manifest, dest) {
  const required = new Set();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.js')) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/require\("(@bulwark\/[a-z-]+)/g)) {
          required.add(m[1]);
        }
      }
    }
  };
  walk(dest);
  for (const dep of required) {
    if (dep !== manifest.name && !(manifest.dependencies ?? {})[dep]) {
      throw new Error(`libs/${lib}: its code requires ${dep}; add "${dep}": "${rootVersion}"`);
    }
  }
}

/** Every libs/<lib>, dependencies first (a library's `@bulwark/*` dependencies build before it). */
function libsInBuildOrder() {
  const libs = fs
    .readdirSync(path.join(ROOT, 'libs'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const manifests = new Map();
  for (const lib of libs) {
    const file = path.join(ROOT, 'libs', lib, 'package.json');
    if (!fs.existsSync(file))
      throw new Error(`libs/${lib} has no package.json: every library is a package`);
    manifests.set(lib, JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  const order = [];
  const visit = (lib, trail) => {
    if (order.includes(lib)) return;
    if (trail.includes(lib)) throw new Error(`dependency cycle: ${[...trail, lib].join(' -> ')}`);
    for (const dep of Object.keys(manifests.get(lib).dependencies ?? {})) {
      const other = dep.startsWith('@bulwark/') ? dep.slice('@bulwark/'.length) : undefined;
      if (other && manifests.has(other)) visit(other, [...trail, lib]);
    }
    order.push(lib);
  };
  for (const lib of libs) visit(lib, []);
  return order;
}

fs.mkdirSync(OUT, { recursive: true });
for (const file of fs.readdirSync(OUT)) {
  if (file.endsWith('.tgz')) fs.rmSync(path.join(OUT, file));
}
for (const lib of libsInBuildOrder()) {
  const dir = path.join(ROOT, 'libs', lib);
  const dest = path.join(OUT, lib);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  checkManifest(lib, manifest);
  fs.rmSync(dest, { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  checkRequires(lib, manifest, dest);
  fs.copyFileSync(path.join(dir, 'package.json'), path.join(dest, 'package.json'));
  fs.copyFileSync(path.join(dir, 'README.md'), path.join(dest, 'README.md'));
  const tarball = npm(['pack', '--silent', '--pack-destination', OUT], dest)
    .trim()
    .split('\n')
    .pop();
  process.stdout.write(`${manifest.name}@${manifest.version} -> dist/packages/${tarball}\n`);
}
