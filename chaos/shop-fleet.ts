import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { runTs } from '../test/support/shop-process';
import { exited, terminate, track } from './children';
import { get } from './http';
import { freePort } from '../test/support/free-port';
import { waitFor } from '../test/support/wait-for';
import { ProcessLog } from './process-log';

/** A shop process that exited without the suite asking it to. */
export interface Crash {
  readonly shop: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly at: number;
  readonly tail: string;
}

interface ShopNode {
  readonly name: string;
  readonly port: number;
  child: ChildProcess;
  expectExit: boolean;
  readonly log: ProcessLog;
}

/**
 * The shop processes under test (`apps/shop/src/main.ts` through swc-node, like `npm start`), each
 * on its own fixed port so a killed one comes back where the load expects it. Unexpected exits are
 * recorded as crashes.
 */
export class ShopFleet {
  readonly crashes: Crash[] = [];
  private readonly nodes = new Map<string, ShopNode>();

  constructor(
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  base(name: string): string {
    return `http://127.0.0.1:${this.node(name).port}`;
  }

  url(name: string, path: string): string {
    return this.base(name) + path;
  }

  isAlive(name: string): boolean {
    const child = this.node(name).child;
    return child.exitCode === null && child.signalCode === null;
  }

  async start(name: string): Promise<void> {
    const existing = this.nodes.get(name);
    const port = existing?.port ?? (await freePort());
    const log = existing?.log ?? new ProcessLog(join(this.logDir, `${name}.log`));
    const child = track(runTs('apps/shop/src/main.ts', [], { ...this.env, PORT: String(port) }));
    log.attach(child, name);
    const node: ShopNode = { name, port, child, expectExit: false, log };
    this.nodes.set(name, node);
    child.once('exit', (code, signal) => {
      if (node.expectExit || node.child !== child) return;
      this.crashes.push({ shop: name, code, signal, at: Date.now(), tail: log.tail() });
    });
    let last = '';
    await waitFor(
      `${name} ready`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
        const res = await get(this.url(name, '/health/ready'), 2_000);
        last = `${res.status} ${JSON.stringify(res.body ?? res.error)}`;
        return res.status === 200;
      },
      90_000,
      250,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)} (readiness: ${last}):\n${log.tail()}`);
    });
  }

  /** Signals the shop and waits for it to exit; resolves to its exit code (null: killed by a signal). */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const node = this.node(name);
    node.expectExit = true;
    node.child.kill(signal);
    await exited(node.child);
    return node.child.exitCode;
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.nodes.values()].map(async (node) => {
        node.expectExit = true;
        await terminate(node.child, 15_000);
        await node.log.close();
      }),
    );
  }

  private node(name: string): ShopNode {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`no shop named ${name}`);
    return node;
  }
}
