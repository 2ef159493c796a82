/** Deepest JSON nesting a request body may have; real payloads here are 1-2 levels deep. */
export const MAX_JSON_DEPTH = 32;

/**
 * Most members one JSON object of a request body may have. The widest DTO here has 6 fields. A
 * body's unknown keys are refused anyway (400), but class-transformer 0.5's `plainToInstance`
 * de-duplicates an object's keys with `indexOf` — quadratic — before validation can refuse them:
 * one 849 KB body of 80,000 keys held the event loop for 3 s, and its 400 listed every key.
 */
export const MAX_JSON_OBJECT_KEYS = 64;

/** What is wrong with a body's shape, if anything. */
export type JsonShapeViolation = 'too-deep' | 'too-many-keys' | undefined;

/**
 * Scans raw JSON for its nesting depth and the member count of each object without parsing it
 * (a byte loop: ~1 ms for 1 MB), so a too-deep body (it parses fine, then overflows the stack in
 * class-transformer: a 500) or a too-wide one (above) is a cheap 400 before `JSON.parse`.
 * Arrays are not limited here: DTOs bound them with `@ArrayMaxSize`, whose check is linear.
 */
export function jsonShapeViolation(
  buf: Buffer,
  maxDepth = MAX_JSON_DEPTH,
  maxKeys = MAX_JSON_OBJECT_KEYS,
): JsonShapeViolation {
  // Per open container: its member count so far, or -1 for an array.
  const members = new Int32Array(maxDepth + 1);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return 'too-deep';
      members[depth] = c === 0x7b ? 0 : -1;
    } else if (c === 0x7d || c === 0x5d) depth--;
    // A colon outside a string ends one key of the innermost object.
    else if (c === 0x3a && depth > 0 && members[depth] >= 0 && ++members[depth] > maxKeys) {
      return 'too-many-keys';
    }
  }
  return undefined;
}
