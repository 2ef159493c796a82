import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../support/shop-process';

const run = promisify(execFile);
export const PACKAGES_DIR = join(REPO_ROOT, 'dist', 'packages');
const FIXTURES = join(REPO_ROOT, 'test', 'packages', 'fixtures');

/** `npm run pack:libs`: builds every library and writes its tarball to dist/packages/. */
export async function packLibs(): Promise<string> {
  const { stdout } = await run(process.execPath, ['scripts/pack-libs.js'], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** The tarballs of these libraries and of the `@bulwark/*` packages they depend on. */
export function tarballsWithDependencies(libs: readonly string[]): string[] {
  const all = new Set<string>();
  const visit = (lib: string) => {
    if (all.has(lib)) return;
    all.add(lib);
    const manifest = JSON.parse(readFileSync(join(PACKAGES_DIR, lib, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      if (dep.startsWith('@bulwark/')) visit(dep.slice('@bulwark/'.length));
    }
  };
  libs.forEach(visit);
  return [...all].map(tarball);
}

/** The tarball `npm pack` wrote for `@bulwark/<lib>`. */
export function tarball(lib: string): string {
  const name = readdirSync(PACKAGES_DIR).find((f) => new RegExp(`^bulwark-${lib}-\\d`).test(f));
  if (!name) throw new Error(`no dist/packages/bulwark-${lib}-*.tgz: run npm run pack:libs`);
  return join(PACKAGES_DIR, name);
}

/** A fixture app copied to a temp dir with its own package.json, outside the monorepo. */
export interface ExampleApp {
  readonly dir: string;
  /** `npm install` of these tarballs or package specs (each saved to the app's package.json). */
  install(packages: readonly string[]): Promise<void>;
  build(): Promise<void>;
  start(env: Record<string, string>): Promise<RunningApp>;
  /**
   * Runs a script of the app (e.g. `dist/timeouts.js`) to its end, with these environment
   * variables, and resolves with its stdout.
   */
  run(script: string, env?: Record<string, string>): Promise<string>;
  /** Where `npm ls` finds these packages in the app's tree, at any depth: none when not installed. */
  installed(packages: readonly string[]): Promise<string[]>;
  remove(): void;
}

export interface RunningApp {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A copy of `test/packages/fixtures/<fixture>`. `mainFrom` names another fixture whose
 * `src/main.ts` it starts with, for an app whose bootstrap is nothing but the usual
 * `NestFactory.create(AppModule)` (one copy of that rather than one per fixture).
 */
export function exampleApp(fixture: string, options: { mainFrom?: string } = {}): ExampleApp {
  const dir = mkdtempSync(join(tmpdir(), `bulwark-${fixture}-`));
  cpSync(join(FIXTURES, fixture), dir, {
    recursive: true,
    filter: (src) => !/node_modules|dist/.test(src.slice(FIXTURES.length)),
  });
  if (options.mainFrom) {
    cpSync(join(FIXTURES, options.mainFrom, 'src', 'main.ts'), join(dir, 'src', 'main.ts'));
  }
  return {
    dir,
    // npm's own cache (~/.npm) is shared by every run, so a re-run downloads nothing. Peers that
    // are not optional (@nestjs/core, ioredis, …) are installed by npm itself; optional ones
    // (prom-client for @bulwark/observability, kafkajs for @bulwark/messaging, …) are not.
    install: async (packages) => {
      await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packages], {
        cwd: dir,
        maxBuffer: 16 * 1024 * 1024,
      });
    },
    build: async () => {
      await run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir], {
        cwd: dir,
      });
    },
    start: (env) => startApp(dir, env),
    run: async (script, env = {}) => {
      const { stdout } = await run(process.execPath, [script], {
        cwd: dir,
        env: { PATH: process.env.PATH, ...env },
        timeout: 60_000,
      });
      return stdout;
    },
    installed: async (packages) => {
      const { stdout } = await run('npm', ['ls', '--all', '--parseable', ...packages], {
        cwd: dir,
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      // The first line is the app itself.
      return stdout.split('\n').filter((line) => line !== '' && line !== dir);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs the compiled app on this Node (24) and resolves once it prints "listening on <url>". */
async function startApp(dir: string, env: Record<string, string>): Promise<RunningApp> {
  const proc: ChildProcess = spawn(process.execPath, ['dist/main.js'], {
    cwd: dir,
    env: { PATH: process.env.PATH, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      proc.kill('SIGKILL');
      reject(new Error(`example app did not start in 30 s:\n${out}`));
    }, 30_000);
    const poll = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve(m[1]);
    }, 50);
    void exited.then(() => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`example app exited:\n${out}`));
    });
  });
  return {
    url,
    output: () => out,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
