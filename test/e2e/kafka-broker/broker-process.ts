import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { rssMiBOf } from '../../support/non-reading-kafka-client';

const CLI = join(__dirname, '..', '..', '..', 'libs', 'kafka-broker', 'src', 'cli.ts');

/**
 * The broker CLI as a child process, so a test can read its resident memory on its own (an
 * in-process broker would share the heap with Jest). The CLI exits when our IPC channel closes,
 * so a crashed test run leaves no broker behind.
 */
export class BrokerChild {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(args: string[] = []): Promise<BrokerChild> {
    const child = fork(CLI, ['--port', '0', ...args], {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('broker did not start in 30 s')), 30_000);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`broker exited with ${code}`)));
      child.on('message', (m: { type?: string; port?: number }) => {
        if (m.type !== 'listening' || !m.port) return;
        clearTimeout(timer);
        resolve(m.port);
      });
    });
    return new BrokerChild(child, port);
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** Resident set size in MiB, from /proc/<pid>/status (VmRSS is in kB). */
  rssMiB(): number {
    return rssMiBOf(this.child.pid!);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
