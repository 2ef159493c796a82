import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { MessageChannel } from 'node:worker_threads';
import { withTimeout } from './with-timeout';

const never = <T>() => new Promise<T>(() => undefined);

/** Blocks the event loop for `ms`, as a burst of requests being parsed does. */
function blockLoop(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
}

describe('withTimeout', () => {
  it('should settle like the work when it finishes first', async () => {
    const onTimeout = jest.fn(() => 'late');
    await expect(withTimeout(Promise.resolve('done'), 1_000, onTimeout)).resolves.toBe('done');
    await expect(withTimeout(Promise.reject(new Error('boom')), 1_000, onTimeout)).rejects.toThrow(
      'boom',
    );
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('should resolve with the fallback when time runs out', async () => {
    await expect(withTimeout(never<string>(), 10, () => false)).resolves.toBe(false);
  });

  it('should reject with what onTimeout throws', async () => {
    const timedOut = withTimeout(never<string>(), 10, () => {
      throw new Error('probe timed out after 10 ms');
    });
    await expect(timedOut).rejects.toThrow('probe timed out after 10 ms');
  });

  it('should not bound the work when ms is not finite', async () => {
    await expect(withTimeout(Promise.resolve(1), Infinity, () => 0)).resolves.toBe(1);
  });

  it('should clear its timer once the work settled (nothing left to keep the process alive)', async () => {
    jest.useFakeTimers();
    try {
      const raced = withTimeout(Promise.resolve('done'), 60_000, () => 'late');
      await Promise.resolve();
      expect(jest.getTimerCount()).toBe(0);
      await expect(raced).resolves.toBe('done');
    } finally {
      jest.useRealTimers();
    }
  });

  it('should not fail an answer that arrived while the loop was blocked past the budget', async () => {
    // The answer is I/O that completes at 5 ms, but the loop is blocked for 60 ms (budget 20 ms):
    // a plain timer would time out; the verdict waits until pending I/O has been handled.
    const reply = new Promise<string>((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.once('message', () => {
        port1.close();
        resolve('pong');
      });
      setTimeout(() => port2.postMessage('x'), 5);
    });
    const guarded = withTimeout(reply, 20, () => 'timeout');
    const end = Date.now() + 60;
    while (Date.now() < end) {
      // Busy: a burst of requests holding the event loop.
    }
    await expect(guarded).resolves.toBe('pong');
  });
});

describe('withTimeout against a real socket', () => {
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

  it('should serve an answer that arrived while the event loop was blocked past the time (issue 20)', async () => {
    const socket = await connected();
    const reply = new Promise<string>((resolve) =>
      socket.once('data', (d: Buffer) => resolve(d.toString())),
    );
    const answer = withTimeout(reply, 30, () => 'timeout');
    socket.write('ping');
    // The echo lands during the block; when the loop comes back, timers run before sockets are
    // read: a plain timer would call it a timeout although the answer is waiting.
    blockLoop(500);
    await expect(answer).resolves.toBe('ping');
  });
});
