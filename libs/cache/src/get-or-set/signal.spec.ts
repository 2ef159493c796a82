import { Signal } from './signal';

describe('Signal', () => {
  it('should keep a notify that came before the wait', async () => {
    const s = new Signal();
    s.notify();
    expect(await s.wait(10_000)).toBe(true);
  });

  it('should wake a pending wait and report a timeout as false', async () => {
    const s = new Signal();
    const waiting = s.wait(10_000);
    s.notify();
    expect(await waiting).toBe(true);
    expect(await s.wait(1)).toBe(false);
  });
});
