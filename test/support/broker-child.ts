import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { rssMiBOf } from './non-reading-kafka-client';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'libs', 'kafka-broker', 'src', 'cli.ts');

export interface BrokerChildOptions {
  /** @default 0: a free port, read back from the CLI's `listening` message */
  port?: number;
  /**
   * Gets the child before it listens, e.g. to attach its output to a log (then stdout and stderr
   * are piped); without it stderr is inherited and stdout dropped.
   */
  attach?: (child: ChildProcess) => void;
}

/**
 * The embedded broker's CLI (`npm run kafka:broker`) as a child process: its memory and CPU are
 * its own (an in-process broker would share the heap with Jest or the bench), and it can be
 * killed and started again. The CLI exits when our IPC channel closes, so a crashed run leaves
 * no broker behind. The one broker spawner of tests, chaos and benches.
 */
export class BrokerChild {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {}

  /** Starts the CLI with `args` (`--data-dir`, `--partitions`, …); rejects if it exits or takes 30 s. */
  static async start(args: string[] = [], options: BrokerChildOptions = {}): Promise<BrokerChild> {
    const child = fork(CLI, ['--port', String(options.port ?? 0), ...args], {
      cwd: ROOT,
      execArgv: ['-r', '@swc-node/register'],
      stdio: options.attach
        ? ['ignore', 'pipe', 'pipe', 'ipc']
        : ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    options.attach?.(child);
    const port = await new Promise<number>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error('broker did not start in 30 s')), 30_000);
      const onExit = (code: number | null) => fail(new Error(`broker exited with ${code}`));
      child.once('error', fail);
      child.once('exit', onExit);
      child.on('message', (m: { type?: string; port?: number }) => {
        if (m.type !== 'listening' || !m.port) return;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(m.port);
      });
    });
    return new BrokerChild(child, port);
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get brokers(): string[] {
    return [this.address];
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resident set size in MiB, from /proc/<pid>/status. */
  rssMiB(): number {
    return rssMiBOf(this.child.pid!);
  }

  /** CPU time the broker has used, in microseconds (user + system), asked over IPC. */
  cpu(): Promise<number> {
    return new Promise((resolve) => {
      const onMessage = (m: { type?: string; usage?: NodeJS.CpuUsage }) => {
        if (m.type !== 'cpu' || !m.usage) return;
        this.child.off('message', onMessage);
        resolve(m.usage.user + m.usage.system);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'cpu' });
    });
  }

  /** SIGTERM (a clean stop), or SIGKILL (what it acknowledged is in its segment files, nothing else). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
  }
}
