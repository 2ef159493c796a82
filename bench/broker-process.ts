import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** CPU time of a process in microseconds (user + system). */
export type CpuTime = number;

/** The embedded broker running in a child process, so its CPU time is measured on its own. */
export class BrokerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  /** Starts the CLI on a free port; `dataDir` turns on segment files. */
  static async start(dataDir?: string): Promise<BrokerProcess> {
    const cli = join(__dirname, '../libs/kafka-broker/src/cli.ts');
    const args = ['--port', '0', ...(dataDir ? ['--data-dir', dataDir] : [])];
    const child = fork(cli, args, {
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.on('message', (m: { type?: string; port?: number }) => {
        if (m.type === 'listening' && m.port) resolve(m.port);
      });
    });
    return new BrokerProcess(child, port);
  }

  /** Asks the child for `process.cpuUsage()` over IPC. */
  cpu(): Promise<CpuTime> {
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

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

export function selfCpu(): CpuTime {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}
