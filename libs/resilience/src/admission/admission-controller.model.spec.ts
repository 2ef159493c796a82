import { AdmissionSettings } from './admission-controller';
import { simulateLoop } from './loop-model';
import {
  ADMISSION_BUSY_UTILIZATION,
  ADMISSION_DECREASE_WINDOW_MS,
  ADMISSION_DEFAULT_INTERVAL_MS,
  ADMISSION_DEFAULT_TARGET_MS,
  ADMISSION_INCREASE_PER_S,
  ADMISSION_MIN_ADMIT_RATIO,
} from '../resilience.constants';

const defaults: AdmissionSettings = {
  targetMs: ADMISSION_DEFAULT_TARGET_MS,
  intervalMs: ADMISSION_DEFAULT_INTERVAL_MS,
  busyUtilization: ADMISSION_BUSY_UTILIZATION,
  decreaseWindowMs: ADMISSION_DECREASE_WINDOW_MS,
  increasePerSecond: ADMISSION_INCREASE_PER_S,
  minAdmitRatio: ADMISSION_MIN_ADMIT_RATIO,
};

/**
 * The most goodput any admission control can keep at `load` x capacity when a refusal costs
 * `r` of a served request: admit a share f with load·(f + r·(1 - f)) = 1.
 */
const ceiling = (load: number, r: number) =>
  Math.max(0, Math.min(1, (1 / load - r) / (1 - r))) * load;

describe('AdmissionController in a model of the event loop (default settings)', () => {
  // Costs measured here: a shop request 100-400 µs (Fastify, Express), a refusal ~30-40 µs.
  const serveMs = 0.4;
  const refuseMs = 0.04;

  it('should serve a one-off burst of 1,000 requests in full', () => {
    const out = simulateLoop({
      serveMs,
      refuseMs,
      load: 0,
      burst: 1_000,
      seconds: 2,
      settings: defaults,
    });
    expect(out.refused).toBe(0);
  });

  it.each([2, 4])(
    'should keep steady goodput near the physical ceiling at %ix capacity',
    (load) => {
      const out = simulateLoop({ serveMs, refuseMs, load, seconds: 10, settings: defaults });
      expect(out.steadyGoodputShare).toBeGreaterThan(0.9 * ceiling(load, refuseMs / serveMs));
      // Refusals in steady overload wait about one loop turn, a few times the target.
      expect(out.steadyRefusedP99Ms).toBeLessThan(5 * defaults.targetMs);
    },
  );

  it('should shed little at exactly 1x capacity', () => {
    const out = simulateLoop({ serveMs, refuseMs, load: 1, seconds: 10, settings: defaults });
    expect(out.goodputShare).toBeGreaterThan(0.85);
  });

  it('should lose everything without it: the same 2x load with shedding never engaging', () => {
    const off = { ...defaults, intervalMs: Infinity };
    const out = simulateLoop({ serveMs, refuseMs, load: 2, seconds: 10, settings: off });
    expect(out.steadyGoodputShare).toBeLessThan(0.05);
  });
});
