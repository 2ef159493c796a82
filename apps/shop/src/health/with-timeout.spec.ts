import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { withTimeout } from './with-timeout';

/** Blocks the event loop for `ms`, as a burst of requests being parsed does. */
function blockLoop(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
}

describe('withTimeout', () => {
  // An echo server in a process of its own: it answers while this process's loop is blocked.
  let server: ChildProcess;
  let port: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = spawn(process.execPath, [
      '-e',
      `const s = require('node:net').createServer((c) => c.on('data', (d) => c.write(d)));
       s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
    ]);
    port = await new Promise<number>((resolve) =>
      server.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
  });

  afterAll(() => {
    for (const s of sockets) s.destroy();
    server.kill();
  });

  const connected = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      sockets.push(socket);
      socket.once('error', reject);
    });

  it('rejects when nothing answers within the time', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'probe')).rejects.toThrow(
      'probe timed out after 20 ms',
    );
  });

  it('serves an answer that arrived while the event loop was blocked past the time (issue 20)', async () => {
    const socket = await connected();
    const reply = new Promise<string>((resolve) =>
      socket.once('data', (d: Buffer) => resolve(d.toString())),
    );
    const answer = withTimeout(reply, 30, 'probe');
    socket.write('ping');
    // The echo lands during the block; when the loop comes back, timers run before sockets are
    // read: a plain timer would call it a timeout although the answer is waiting.
    blockLoop(500);
    await expect(answer).resolves.toBe('ping');
  });
});
