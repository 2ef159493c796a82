/** One HTTP exchange as the suite's probes see it: a status, or the network error instead. */
export interface Reply {
  /** 0 when no HTTP response arrived (refused, reset, timed out). */
  readonly status: number;
  readonly body: unknown;
  readonly ms: number;
  readonly error?: string;
}

export async function call(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  timeoutMs = 5_000,
): Promise<Reply> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body, ms: performance.now() - started };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const error = cause ?? (err instanceof Error ? err.name : String(err));
    return { status: 0, body: undefined, ms: performance.now() - started, error };
  }
}

export const get = (url: string, timeoutMs?: number): Promise<Reply> => call(url, {}, timeoutMs);
