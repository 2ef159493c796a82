/** Deepest JSON nesting a request body may have; real payloads here are 1-2 levels deep. */
export const MAX_JSON_DEPTH = 32;

/**
 * Scans raw JSON for its nesting depth without parsing it. Deep bodies parse fine but overflow the
 * stack later in class-transformer (a 500); the body parser calls this before JSON.parse, so they
 * are a cheap 400 instead.
 */
export function jsonDepthExceeds(buf: Buffer, max = MAX_JSON_DEPTH): boolean {
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
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
