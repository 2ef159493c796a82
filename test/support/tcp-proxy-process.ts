/**
 * A {@link TcpProxy} in a process of its own, for tests whose own event loop is busy (a burst
 * of requests sent from the test process would otherwise delay the proxy's timers, and a
 * 800 ms reply delay would become whatever that burst takes on top).
 *
 *   const proxy = await startProxyProcess(5432); proxy.port; await proxy.setReplyDelay(800);
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { TcpProxy } from './tcp-proxy';

type Message = { port: number } | { delayed: number };

export interface ProxyProcess {
  readonly port: number;
  /** Resolves once the proxy applies `ms` to every later reply chunk. */
  setReplyDelay(ms: number): Promise<void>;
  stop(): Promise<void>;
}

function nextMessage(child: ChildProcess): Promise<Message> {
  return once(child, 'message').then(([m]) => m as Message);
}

export async function startProxyProcess(targetPort: number): Promise<ProxyProcess> {
  const child = fork(__filename, [String(targetPort)], {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const started = await nextMessage(child);
  if (!('port' in started)) throw new Error('proxy process did not report its port');
  return {
    port: started.port,
    async setReplyDelay(ms) {
      const ack = nextMessage(child);
      child.send({ replyDelayMs: ms });
      await ack;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const proxy = new TcpProxy(Number(process.argv[2]));
  const port = await proxy.start();
  process.on('message', (m: { replyDelayMs: number }) => {
    proxy.replyDelayMs = m.replyDelayMs;
    process.send?.({ delayed: m.replyDelayMs });
  });
  process.on('SIGTERM', () => void proxy.stop().then(() => process.exit(0)));
  process.send?.({ port });
}

if (require.main === module) void main();
