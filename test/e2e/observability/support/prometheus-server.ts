import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../support/free-port';
import { waitFor } from '../../../support/wait-for';

/** One sample vector as Prometheus's HTTP API returns it. */
export interface PromSeries {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * Debian's `prometheus` on a free loopback port with a temp data dir, scraping `targets` every
 * second and evaluating `ruleFiles` every second; removed by {@link PrometheusServer.stop}. The
 * package's own system service is not involved (scripts/services.sh never starts it).
 */
export class PrometheusServer {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly dir: string,
    readonly url: string,
    private readonly output: () => string,
  ) {}

  static async start(targets: string[], ruleFiles: string[]): Promise<PrometheusServer> {
    if (spawnSync('prometheus', ['--version']).error) {
      throw new Error(
        "prometheus not found: install Debian's prometheus package, e.g. BULWARK_SYSTEM_CHANGES=1 bash scripts/services.sh",
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-prometheus-'));
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      JSON.stringify({
        global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
        rule_files: ruleFiles,
        scrape_configs: [{ job_name: 'bulwark-shop', static_configs: [{ targets }] }],
      }),
    );
    const port = await freePort();
    const proc = spawn(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const server = new PrometheusServer(proc, dir, `http://127.0.0.1:${port}`, () => out);
    try {
      await waitFor(
        'prometheus to be ready',
        async () => {
          if (proc.exitCode !== null) throw new Error(`prometheus exited with ${proc.exitCode}`);
          return (await fetch(`${server.url}/-/ready`).catch(() => undefined))?.status === 200;
        },
        30_000,
      );
    } catch (error) {
      await server.stop();
      throw new Error(`prometheus did not start (${String(error)}):\n${out}`);
    }
    return server;
  }

  /** An instant query; throws with Prometheus's error for a query it cannot run. */
  async query(expr: string): Promise<PromSeries[]> {
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: PromSeries[] };
    };
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    return body.data!.resultType === 'vector' ? body.data!.result : [];
  }

  async get<T>(path: string): Promise<T> {
    const body = (await (await fetch(`${this.url}${path}`)).json()) as { data: T };
    return body.data;
  }

  logs(): string {
    return this.output();
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
