import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestPacer } from './request-pacer';

/** Spins for `ms` of loop time: a handler's synchronous work up to its first await. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('RequestPacer', () => {
  let shedding: boolean;
  let started: string[];
  let refused: string[];
  let costMs: number;
  let pacer: RequestPacer;

  const request = (url: string): [IncomingMessage, ServerResponse] => [
    { url } as IncomingMessage,
    { url } as unknown as ServerResponse,
  ];
  const offer = (url: string): void => pacer.offer(...request(url));

  beforeEach(() => {
    shedding = false;
    started = [];
    refused = [];
    costMs = 0;
    pacer = new RequestPacer(5, 50, () => shedding, {
      dispatch: (req) => {
        started.push(req.url!);
        spin(costMs);
      },
      refuse: (res) => refused.push((res as unknown as { url: string }).url),
    });
  });

  it('should start a request at once while the turn has room', () => {
    offer('/a');
    expect(started).toEqual(['/a']);
    expect(pacer.length).toBe(0);
  });

  it('should queue what does not fit in the turn and start it in later turns, oldest first', async () => {
    costMs = 2;
    for (let i = 0; i < 10; i++) offer(`/${i}`);
    // At most 3 × 2 ms fit in the 5 ms slice (fewer if the machine preempts us); the rest wait.
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(started.length).toBeLessThanOrEqual(3);
    expect(pacer.length).toBe(10 - started.length);
    expect(pacer.oldestWaitMs()).toBeGreaterThan(0);
    await nextTurn();
    expect(started.length).toBeLessThan(10);
    while (pacer.length > 0) await nextTurn();
    expect(started).toEqual(Array.from({ length: 10 }, (_, i) => `/${i}`));
    expect(refused).toEqual([]);
  });

  it('should let I/O callbacks run between slices of a queue', async () => {
    costMs = 2;
    for (let i = 0; i < 20; i++) offer(`/${i}`);
    let startedWhenTimerFired = -1;
    // A timer stands in for a dependency's reply: it must not wait for the whole queue.
    setTimeout(() => (startedWhenTimerFired = started.length), 0);
    while (pacer.length > 0) await nextTurn();
    expect(startedWhenTimerFired).toBeGreaterThan(0);
    expect(startedWhenTimerFired).toBeLessThan(20);
  });

  it('should never drop a queued request while not shedding, however long it waited', async () => {
    costMs = 6;
    for (let i = 0; i < 5; i++) offer(`/${i}`);
    while (pacer.length > 0) await nextTurn();
    expect(started).toHaveLength(5);
    expect(refused).toEqual([]);
  });

  it('while shedding, should start the newest first and refuse what waited past the timeout', async () => {
    costMs = 6;
    offer('/0'); // starts at once and spends the slice
    offer('/1');
    offer('/2');
    spin(60); // /1 and /2 are now past the 50 ms queue timeout
    offer('/3');
    offer('/4');
    shedding = true;
    while (pacer.length > 0) await nextTurn();
    expect(refused).toEqual(['/1', '/2']);
    expect(started).toEqual(['/0', '/4', '/3']);
  });
});
