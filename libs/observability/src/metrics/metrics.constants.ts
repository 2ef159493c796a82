/** Injection token of the prom-client Registry every Bulwark module registers on. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
