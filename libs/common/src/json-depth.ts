/**
 * Whether a parsed JSON value nests deeper than `max` levels (an object or array is one level).
 * Iterative on purpose: the value may be too deep for recursion, which is the point of asking.
 * @publicApi
 */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
