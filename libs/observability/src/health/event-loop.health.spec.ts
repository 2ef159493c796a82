import { EventLoopHealthIndicator } from './event-loop.health';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EventLoopHealthIndicator', () => {
  let indicator: EventLoopHealthIndicator;
  beforeEach(() => {
    indicator = new EventLoopHealthIndicator();
  });
  afterEach(() => indicator.onModuleDestroy());

  it('is up while the loop turns freely', async () => {
    await tick(100);
    expect(indicator.checkDelay('loop', 1000).loop.status).toBe('up');
  });

  it('is down after a stall longer than the threshold, and recovers after the window', async () => {
    await tick(50);
    const end = Date.now() + 300;
    while (Date.now() < end) {
      // Busy-wait on purpose: this is the stall the probe must see.
    }
    await tick(50);
    const stalled = indicator.checkDelay('loop', 100);
    expect(stalled.loop.status).toBe('down');
    expect(stalled.loop.p99Ms).toBeGreaterThan(100);
    await tick(100);
    expect(indicator.checkDelay('loop', 100).loop.status).toBe('up');
  });
});
