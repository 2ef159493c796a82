import { AdmissionController, AdmissionSettings } from './admission-controller';

const settings: AdmissionSettings = {
  targetMs: 10,
  intervalMs: 1_000,
  busyUtilization: 0.95,
  decreaseWindowMs: 100,
  increasePerSecond: 0.5,
  minAdmitRatio: 0.01,
};

/** Feeds one sample every `everyMs` from `from` to `to` (exclusive), all alike. */
function feed(
  c: AdmissionController,
  delayMs: number,
  from: number,
  to: number,
  everyMs = 10,
  utilization = delayMs > settings.targetMs ? 1 : 0.5,
  cpuShare = utilization,
) {
  for (let atMs = from; atMs < to; atMs += everyMs) {
    c.observe({ delayMs, utilization, cpuMs: everyMs * cpuShare, atMs });
  }
}

function admittedOf(c: AdmissionController, n: number): number {
  let admitted = 0;
  for (let i = 0; i < n; i++) if (c.admit()) admitted++;
  return admitted;
}

describe('AdmissionController', () => {
  describe('observe', () => {
    it('should admit everything while the delay stays below target', () => {
      const c = new AdmissionController(settings);
      feed(c, 9, 0, 5_000);
      expect(c.shedding).toBe(false);
      expect(admittedOf(c, 1_000)).toBe(1_000);
    });

    it('should absorb a burst: delay above target for less than an interval, then below', () => {
      const c = new AdmissionController(settings);
      feed(c, 0, 0, 1_000);
      feed(c, 200, 1_000, 1_900, 200); // a 900 ms saturated loop: 1,000 cheap requests at once
      feed(c, 1, 1_900, 2_000);
      feed(c, 200, 2_000, 2_900, 200); // a second burst starts the interval again
      expect(c.shedding).toBe(false);
      expect(admittedOf(c, 1_000)).toBe(1_000);
    });

    it('should ignore one long stall (a single late sample is no standing queue)', () => {
      const c = new AdmissionController(settings);
      c.observe({ delayMs: 0, utilization: 0.1, cpuMs: 0, atMs: 0 });
      c.observe({ delayMs: 5_000, utilization: 1, cpuMs: 5_000, atMs: 5_010 });
      expect(c.shedding).toBe(false);
    });

    it('should start shedding once overloaded for an interval of CPU time', () => {
      const c = new AdmissionController(settings);
      feed(c, 20, 0, 1_000); // the first sample opens the streak, 99 more add 990 ms of CPU
      expect(c.shedding).toBe(false);
      c.observe({ delayMs: 20, utilization: 1, cpuMs: 10, atMs: 1_000 });
      expect(c.shedding).toBe(true);
    });

    it('should judge a burst by its work: on a shared CPU it may last longer than the interval', () => {
      const c = new AdmissionController(settings);
      feed(c, 200, 0, 4_000, 200, 1, 0.2); // 0.8 s of CPU spread over 4 s of wall time
      feed(c, 1, 4_000, 4_100);
      expect(c.shedding).toBe(false);
      feed(c, 200, 4_100, 9_400, 200, 1, 0.2); // sustained: 1 s of CPU at 20 % of a core
      expect(c.shedding).toBe(true);
    });

    it('should not shed for a delay while the loop still idles (CPU taken by other processes)', () => {
      const c = new AdmissionController(settings);
      feed(c, 80, 0, 5_000, 90, 0.6);
      expect(c.shedding).toBe(false);
    });

    it('should raise the ratio once the loop idles again, even if samples are still late', () => {
      const c = new AdmissionController(settings);
      feed(c, 1_000, 0, 2_000, 50);
      const low = c.admitRatio;
      feed(c, 40, 2_000, 2_500, 50, 0.7);
      expect(c.admitRatio).toBeCloseTo(low + 0.25, 5);
    });

    it('should cut the admit ratio by target/delay per decrease window, never below the floor', () => {
      const c = new AdmissionController(settings);
      feed(c, 20, 0, 1_010); // shedding since t = 1000
      const start = c.admitRatio;
      feed(c, 20, 1_010, 1_110); // 100 ms at twice the target: halves
      expect(c.admitRatio / start).toBeCloseTo(0.5, 1);
      feed(c, 1_000, 1_110, 3_000, 50); // far above target: cut at most in half per window
      expect(c.admitRatio).toBe(settings.minAdmitRatio);
    });

    it('should raise the ratio additively below target and stop shedding at 1', () => {
      const c = new AdmissionController(settings);
      feed(c, 1_000, 0, 2_000, 50);
      expect(c.admitRatio).toBe(settings.minAdmitRatio);
      feed(c, 1, 2_000, 3_000); // +0.5 per second over the 1,040 ms since the last sample at 1950
      expect(c.admitRatio).toBeCloseTo(0.01 + 0.52, 5);
      expect(c.shedding).toBe(true);
      feed(c, 1, 3_000, 4_100);
      expect(c.admitRatio).toBe(1);
      expect(c.shedding).toBe(false);
    });
  });

  describe('admit', () => {
    it('should spread admissions evenly at the admit ratio', () => {
      const c = new AdmissionController({ ...settings, minAdmitRatio: 0.25 });
      feed(c, 1_000, 0, 2_000, 50);
      expect(c.admitRatio).toBe(0.25);
      const pattern = Array.from({ length: 8 }, () => c.admit());
      expect(pattern).toEqual([false, false, false, true, false, false, false, true]);
    });
  });
});
