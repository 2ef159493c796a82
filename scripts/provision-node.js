#!/usr/bin/env node
// Runs as the root `postinstall` of `npm ci` / `npm install`: Bulwark develops, tests and ships on
// Node 24, but many machines (ours included) still have an older Node as the system one. When the
// Node that runs npm is older than 24.15, this fetches Node's official build from the npm registry
// (the `node-<os>-<arch>` package, same version for everyone, integrity pinned below), unpacks it
// under node_modules/.runtime and links it as node_modules/.bin/node. npm puts node_modules/.bin
// first on PATH in every script, so `node`, `npx jest`, Jest's workers and every child started with
// process.execPath run on it. A machine whose Node is already 24.15 or newer keeps its own (no link).
//
// `node scripts/provision-node.js --runtime-dir DIR` (used by .ci/run before `npm ci`) does the same
// fetch into DIR, outside node_modules, links nothing and prints the bin directory to put first on
// PATH — or nothing when the machine's Node is new enough — so that npm itself runs on Node 24.
// That matters for one thing: npm checks every package's `engines` against the Node that runs npm
// (npm 11 no longer has the `node-version` setting that used to redirect the check), so npm on Node 20
// prints an EBADENGINE warning for each package that needs 22 or 24, although none of them will
// ever run on 20. Where npm does run on the older Node (`npm ci` typed at a Node 20 machine), this
// script re-checks every installed package's `engines` against the Node it provisioned, with npm's
// own check, and says whether the warnings above apply to the runtime.
//
// Why not the `node` devDependency: it always shadows the system Node (a Node 26 machine would be
// pinned back), its preinstall runs a nested `npm install` that npm's allowScripts gate flags, and
// it lags the platform packages (24.21.0 vs 24.22.3 on 2026-12-05).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const NODE_VERSION = '24.22.3';
// The oldest Node 24 whose range every dependency's `engines` accepts (Nest CLI 12's toolchain:
// ^24.15.0); an older system Node gets NODE_VERSION.
const MIN_VERSION = '24.15.0';
// dist.integrity of node-<platform>@NODE_VERSION in the registry. Node publishes no darwin or
// Windows package of this version there: those machines install Node 24 themselves (.nvmrc).
const INTEGRITY = {
  'linux-x64':
    'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
  'linux-arm64':
    'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==',
};

const root = path.resolve(__dirname, '..');
const binDir = path.join(root, 'node_modules', '.bin');
const link = path.join(binDir, 'node');
const runtimeDirArg = process.argv.indexOf('--runtime-dir');
// CLI mode: stdout carries only the bin directory, so every message goes to stderr.
const cliMode = runtimeDirArg !== -1;
if (cliMode && !process.argv[runtimeDirArg + 1]) {
  console.error('usage: node scripts/provision-node.js [--runtime-dir DIR]');
  process.exit(2);
}
const runtimeDir = cliMode
  ? path.resolve(process.argv[runtimeDirArg + 1])
  : path.join(root, 'node_modules', '.runtime');

function log(message) {
  (cliMode ? console.error : console.log)(`provision-node: ${message}`);
}

function fail(message) {
  console.error(`provision-node: ${message}`);
  process.exit(1);
}

function versionOf(nodeBinary) {
  try {
    return execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

function removeOurLink() {
  try {
    const target = fs.readlinkSync(link);
    if (path.resolve(binDir, target).startsWith(runtimeDir + path.sep)) fs.unlinkSync(link);
  } catch {
    // no link, or not ours: nothing to undo
  }
}

// The Node that runs npm, not the one on PATH: after a first install node_modules/.bin/node is
// already on PATH and would answer for itself.
const systemNode = process.env.npm_node_execpath || process.execPath;
const systemVersion = versionOf(systemNode) || process.version;
const parts = (v) => v.replace(/^v/, '').split('.').map(Number);
const atLeast = (v, min) => {
  const [a, b] = [parts(v), parts(min)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};
if (atLeast(systemVersion, MIN_VERSION)) {
  if (!cliMode) removeOurLink();
  log(`using this machine's Node ${systemVersion} (${systemNode})`);
  process.exit(0);
}

const platform = `${process.platform}-${process.arch}`;
const integrity = INTEGRITY[platform];
if (!integrity) {
  fail(
    `Bulwark runs on Node ${MIN_VERSION} or newer; this machine has ${systemVersion} and the registry ` +
      `has no Node ${NODE_VERSION} build for ${platform}: install Node 24 (see .nvmrc) and run npm ci again`,
  );
}

const home = path.join(runtimeDir, `node-v${NODE_VERSION}-${platform}`);
const nodeBinary = path.join(home, 'bin', 'node');
function fetchNode() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bulwark-node-'));
  try {
    // npm itself fetches the package: registry, proxy and cache settings apply, and the tarball is
    // checked against the registry's integrity; the pinned value guards against a different build.
    const npmCli = process.env.npm_execpath;
    const [command, args] = npmCli
      ? [systemNode, [npmCli]]
      : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
    const spec = `node-${platform}@${NODE_VERSION}`;
    const packed = JSON.parse(
      execFileSync(command, [...args, 'pack', spec, '--json', '--pack-destination', work], {
        cwd: work,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    )[0];
    if (packed.integrity !== integrity) {
      throw new Error(`${spec} has integrity ${packed.integrity}, expected ${integrity}`);
    }
    fs.rmSync(home, { recursive: true, force: true });
    fs.mkdirSync(home, { recursive: true });
    const tarball = path.join(work, packed.filename);
    execFileSync('tar', ['-xzf', tarball, '-C', home, '--strip-components=1']);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (versionOf(nodeBinary) !== `v${NODE_VERSION}`) {
  try {
    fetchNode();
  } catch (err) {
    fail(`could not fetch Node ${NODE_VERSION} from the npm registry: ${err.message}`);
  }
  const unpacked = versionOf(nodeBinary);
  if (unpacked !== `v${NODE_VERSION}`) fail(`${nodeBinary} does not run (got ${unpacked})`);
}

if (cliMode) {
  log(
    `this machine has Node ${systemVersion}; Node v${NODE_VERSION} is in ${path.dirname(nodeBinary)}`,
  );
  console.log(path.dirname(nodeBinary));
  process.exit(0);
}

fs.mkdirSync(binDir, { recursive: true });
fs.rmSync(link, { force: true });
fs.symlinkSync(path.relative(binDir, nodeBinary), link);
log(
  `this machine has Node ${systemVersion}; npm scripts run on Node v${NODE_VERSION} (${nodeBinary})`,
);
recheckEngines();

/**
 * npm judged `engines` against the Node that runs npm: judge them again against the one the code
 * runs on, with the same function npm uses (npm-install-checks, from the npm running this script),
 * over the packages the lockfile lists and this install put on disk.
 */
function recheckEngines() {
  let checkEngine;
  try {
    const npmDir = path.resolve(path.dirname(process.env.npm_execpath || ''), '..');
    ({ checkEngine } = require(path.join(npmDir, 'node_modules', 'npm-install-checks')));
  } catch {
    log(
      `could not load npm's engines check; "engines" were not re-checked against v${NODE_VERSION}`,
    );
    return;
  }
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const rejecting = [];
  let checked = 0;
  for (const [where, entry] of Object.entries(lock.packages || {})) {
    if (where !== '' && !fs.existsSync(path.join(root, where))) continue; // omitted or optional
    checked++;
    const name = where === '' ? lock.name : where.slice(where.lastIndexOf('node_modules/') + 13);
    try {
      // npm's version is not at issue: npm reported its own range above, if any.
      checkEngine({ _id: `${name}@${entry.version}`, engines: entry.engines }, null, NODE_VERSION);
    } catch (err) {
      rejecting.push(`${err.pkgid} (node ${err.required.node})`);
    }
  }
  const npmSaid = `npm's EBADENGINE warnings, if any above, judged the Node that runs npm (${systemVersion})`;
  if (rejecting.length === 0) {
    log(
      `${npmSaid}; the runtime, v${NODE_VERSION}, meets the engines of all ${checked} installed packages`,
    );
  } else {
    log(
      `${npmSaid}; the runtime, v${NODE_VERSION}, does not meet the engines of: ${rejecting.join(', ')}`,
    );
  }
}
