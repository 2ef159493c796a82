#!/usr/bin/env node
// `npm run pack:libs`: builds every library under libs/ into dist/packages/<lib> (JS + .d.ts,
// CommonJS like the shop's own build; Nest 12's ESM-only packages load through Node's
// require(esm)) and writes an installable tarball per library to dist/packages/
// (`bulwark-<lib>-<version>.tgz`, what `npm pack` names it).
//
// Each library's manifest is libs/<lib>/package.json, its build libs/<lib>/tsconfig.build.json
// (`paths: {}`: an `@bulwark/<other>` import would then resolve as the published package, never
// be compiled in from source). The monorepo itself keeps TypeScript path aliases rather than npm
// workspaces: tests, benches, chaos and `npm start` run the libraries from source with no build
// step, and the shared node_modules of the worktrees stays one plain install.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist', 'packages');
const LIBS = ['kafka-broker', 'observability', 'resilience', 'cache', 'messaging'];
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

fs.mkdirSync(OUT, { recursive: true });
for (const file of fs.readdirSync(OUT)) {
  if (file.endsWith('.tgz')) fs.rmSync(path.join(OUT, file));
}
for (const lib of LIBS) {
  const dir = path.join(ROOT, 'libs', lib);
  const dest = path.join(OUT, lib);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  checkManifest(lib, manifest);
  fs.rmSync(dest, { recursive: true, force: true });
  execFileSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  fs.copyFileSync(path.join(dir, 'package.json'), path.join(dest, 'package.json'));
  fs.copyFileSync(path.join(dir, 'README.md'), path.join(dest, 'README.md'));
  const tarball = npm(['pack', '--silent', '--pack-destination', OUT], dest)
    .trim()
    .split('\n')
    .pop();
  process.stdout.write(`${manifest.name}@${manifest.version} -> dist/packages/${tarball}\n`);
}
