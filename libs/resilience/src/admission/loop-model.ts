import { AdmissionController, AdmissionSettings } from './admission-controller';

/** A scenario for {@link simulateLoop}; times in ms. @internal */
export interface LoopScenario {
  /** CPU cost of a served request and of a refusal. */
  readonly serveMs: number;
  readonly refuseMs: number;
  /** Offered load as a multiple of capacity (1 / serveMs), Poisson arrivals. */
  readonly load: number;
  readonly seconds: number;
  /** A one-off burst of this many requests at t = 0 instead of a rate. */
  readonly burst?: number;
  readonly settings: AdmissionSettings;
}

/** Outcome of a simulated run. @internal */
export interface LoopOutcome {
  /** 200s within `budgetMs` of arrival, per second, as a share of capacity. */
  readonly goodputShare: number;
  /** The same for requests arriving in the second half (the onset excluded). */
  readonly steadyGoodputShare: number;
  readonly refused: number;
  /** p99 latency of refusals that arrived in the second half, ms. */
  readonly steadyRefusedP99Ms: number;
}

const BUDGET_MS = 300;
const SAMPLE_PERIOD_MS = 10;
const TURN_OVERHEAD_MS = 0.3;

/**
 * A discrete-event model of one Node process under admission control, to check the control law
 * without a machine's noise: requests wait in the kernel, each loop turn reads all that arrived
 * before it began and serves or refuses them in order, and a 10 ms timer feeds the controller
 * its lateness, the turn's utilization and CPU time. Deterministic (a fixed-seed generator).
 * @internal
 */
export function simulateLoop(s: LoopScenario): LoopOutcome {
  let seed = 1;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
  const controller = new AdmissionController(s.settings);
  const endMs = s.seconds * 1000;
  const arrivalsPerMs = s.load / s.serveMs;
  const queue: number[] = s.burst ? Array.from({ length: s.burst }, () => 0) : [];
  let now = 0;
  let nextArrival = s.burst ? Infinity : 0;
  let due = SAMPLE_PERIOD_MS;
  let busy = 0;
  let lastSample = 0;
  let good = 0;
  let steadyGood = 0;
  let refused = 0;
  const steadyRefusals: number[] = [];
  while (now < endMs) {
    while (nextArrival <= now) {
      queue.push(nextArrival);
      nextArrival += -Math.log(1 - random()) / arrivalsPerMs;
    }
    if (now >= due) {
      const utilization = now > lastSample ? busy / (now - lastSample) : 0;
      controller.observe({ delayMs: now - due, utilization, cpuMs: busy, atMs: now });
      busy = 0;
      lastSample = now;
      due = now + SAMPLE_PERIOD_MS;
    }
    const batch = queue.splice(0, queue.length);
    let work = batch.length > 0 ? TURN_OVERHEAD_MS : 0;
    for (const arrivedAt of batch) {
      const admitted = controller.admit();
      work += admitted ? s.serveMs : s.refuseMs;
      const latency = now + work - arrivedAt;
      if (!admitted) {
        refused++;
        if (arrivedAt >= endMs / 2) steadyRefusals.push(latency);
      } else if (latency <= BUDGET_MS) {
        good++;
        if (arrivedAt >= endMs / 2) steadyGood++;
      }
    }
    busy += work;
    now += work;
    if (batch.length === 0) now = Math.min(Math.max(now, nextArrival), due);
  }
  steadyRefusals.sort((a, b) => a - b);
  const capacityPerS = 1000 / s.serveMs;
  return {
    goodputShare: good / s.seconds / capacityPerS,
    steadyGoodputShare: steadyGood / (s.seconds / 2) / capacityPerS,
    refused,
    steadyRefusedP99Ms: steadyRefusals[Math.floor(steadyRefusals.length * 0.99)] ?? 0,
  };
}
