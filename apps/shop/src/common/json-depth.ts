/** Deepest JSON nesting a request body may have; real payloads here are 1-2 levels deep. */
export const MAX_JSON_DEPTH = 32;

/**
 * Scans raw JSON for its nesting depth without parsing it. Deep bodies parse fine but overflow the
 * stack later in class-transformer (a 500); body-parser calls this from `verify`, before JSON.parse,
 * so they are a cheap 400 instead.
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

/** body-parser `verify` hook: a too-deep body fails with a 400 like any other parse error. */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  if (jsonDepthExceeds(buf)) {
    throw Object.assign(new Error(`JSON nesting deeper than ${MAX_JSON_DEPTH} levels`), {
      status: 400,
      statusCode: 400,
      type: 'entity.too.deep',
      expose: true,
    });
  }
}
