import type { ChaosEnvironment } from './environment';
import type { OrderOutcome } from './orders-ledger';
import type { Tally } from './tally';

/** One acceptance threshold and whether this run met it, e.g. `lost 0 = 0`. */
export interface Check {
  readonly label: string;
  readonly pass: boolean;
}

export function check(label: string, pass: boolean): Check {
  return { label, pass };
}

export interface ScenarioContext {
  readonly env: ChaosEnvironment;
  /** Seed of every pseudo-random choice (CHAOS_SEED), so a failing run can be replayed. */
  readonly seed: number;
  readonly log: (line: string) => void;
}

/** What a scenario measured. */
export interface ScenarioOutcome {
  readonly tally: Tally;
  readonly orders?: OrderOutcome;
  /** Null when the scenario never recovered within its bound. */
  readonly mttrMs: number | null;
  readonly checks: Check[];
  /** Scenario-specific figures for the JSON line (phases, counts, evidence the fault bit). */
  readonly details: Record<string, unknown>;
}

export interface Scenario {
  readonly id: number;
  readonly name: string;
  readonly title: string;
  /** Hard bound on the scenario's wall time; past it the scenario fails. */
  readonly timeoutMs: number;
  run(ctx: ScenarioContext): Promise<ScenarioOutcome>;
}
