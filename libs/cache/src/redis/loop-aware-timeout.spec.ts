import { MessageChannel } from 'node:worker_threads';
import { RedisTimeoutError, withLoopAwareTimeout } from './loop-aware-timeout';

describe('withLoopAwareTimeout', () => {
  it('resolves with the value when it arrives in time', async () => {
    await expect(withLoopAwareTimeout(Promise.resolve(7), 50)).resolves.toBe(7);
  });

  it('passes a rejection through', async () => {
    await expect(withLoopAwareTimeout(Promise.reject(new Error('boom')), 50)).rejects.toThrow(
      'boom',
    );
  });

  it('rejects when nothing answers within the budget', async () => {
    await expect(withLoopAwareTimeout(new Promise(() => undefined), 20)).rejects.toBeInstanceOf(
      RedisTimeoutError,
    );
  });

  it('rejects with the caller-supplied error (a load timeout, not a Redis one)', async () => {
    const late = withLoopAwareTimeout(new Promise(() => undefined), 10, () => new Error('load'));
    await expect(late).rejects.toThrow('load');
  });

  it('does not fail a reply that arrived while the loop was blocked past the budget', async () => {
    // The "reply" is I/O that completes at 5 ms, but the loop is blocked for 60 ms (budget 20 ms):
    // a plain timer would reject; the verdict waits until pending I/O has been handled.
    const reply = new Promise<string>((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.once('message', () => {
        port1.close();
        resolve('pong');
      });
      setTimeout(() => port2.postMessage('x'), 5);
    });
    const guarded = withLoopAwareTimeout(reply, 20);
    const end = Date.now() + 60;
    while (Date.now() < end) {
      // Busy: a burst of requests holding the event loop.
    }
    await expect(guarded).resolves.toBe('pong');
  });
});
