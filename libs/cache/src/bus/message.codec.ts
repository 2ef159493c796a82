/** An invalidation broadcast: `key` must leave every L1 except the sender's (already done). */
export interface InvalidationMessage {
  key: string;
  source: string;
}

/** JSON on the wire; decoding checks the shape and never evaluates anything. */
export function encodeInvalidation(msg: InvalidationMessage): string {
  return JSON.stringify({ k: msg.key, s: msg.source });
}

/** Returns `undefined` for anything that is not a well-formed invalidation. */
export function decodeInvalidation(raw: string): InvalidationMessage | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { k, s } = parsed as Record<string, unknown>;
    return typeof k === 'string' && typeof s === 'string' ? { key: k, source: s } : undefined;
  } catch {
    return undefined;
  }
}
