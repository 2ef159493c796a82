/**
 * The p-th percentile (nearest rank) of `values`, in ms rounded to 0.1; 0 when there are none.
 * One definition for the tests, benches and burst clients, so their figures compare.
 */
export function percentileMs(values: readonly number[], p = 99): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 10) / 10;
}
