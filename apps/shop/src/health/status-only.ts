/** One indicator's entry in a terminus report; everything but `status` is detail. */
interface CheckEntry {
  readonly status?: unknown;
}

type Checks = Readonly<Record<string, CheckEntry>> | undefined;

interface HealthReport {
  readonly status?: unknown;
  readonly info?: Checks;
  readonly error?: Checks;
  readonly details?: Checks;
}

function strip(checks: Checks): Record<string, { status: unknown }> | undefined {
  if (!checks) return undefined;
  return Object.fromEntries(Object.entries(checks).map(([k, v]) => [k, { status: v.status }]));
}

/**
 * A terminus report as the public may see it: the overall status and each check's `status`
 * (`up`, `down`, `degraded`) under its name, nothing else. The details — consumer member ids,
 * partition assignments, breaker states, admission figures, error messages naming hosts — tell an
 * attacker how the fleet is built and when it is weak, and a load balancer needs none of them.
 */
export function statusOnly(report: object): object {
  const r = report as HealthReport;
  return {
    status: r.status,
    info: strip(r.info),
    error: strip(r.error),
    details: strip(r.details),
  };
}
