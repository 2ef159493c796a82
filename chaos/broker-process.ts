import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { exited, track } from './children';
import { freePort } from '../test/support/free-port';
import type { ProcessLog } from './process-log';

const CLI = join(__dirname, '..', 'libs', 'kafka-broker', 'src', 'cli.ts');

/**
 * The embedded Kafka broker as its own process (`npm run kafka:broker`), on a fixed port with a data
 * directory, so it can be killed and started again with its topics, offsets and committed
 * consumer positions intact, as a real broker restart would.
 */
export class BrokerProcess {
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly partitions: number,
    private readonly log: ProcessLog,
  ) {}

  static async start(dataDir: string, partitions: number, log: ProcessLog): Promise<BrokerProcess> {
    const broker = new BrokerProcess(await freePort(), dataDir, partitions, log);
    await broker.restart();
    return broker;
  }

  /** Process id of the running broker, for its memory (undefined before the first start). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--data-dir', this.dataDir];
    args.push('--partitions', String(this.partitions));
    const child = track(
      fork(CLI, args, {
        cwd: join(__dirname, '..'),
        execArgv: ['-r', '@swc-node/register'],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      }),
    );
    this.child = child;
    this.log.attach(child, 'kafka-broker');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('broker did not start in 30 s')), 30_000);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`broker exited with ${code}: ${this.log.tail()}`));
      };
      child.once('exit', onExit);
      child.on('message', (m: { type?: string }) => {
        if (m.type !== 'listening') return;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      });
    });
  }

  /** SIGKILL: what it had acknowledged is in its segment files; nothing else is flushed. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await exited(this.child);
  }
}
