/**
 * Requests and their outcomes: HTTP statuses, and network failures (no HTTP answer at all) by kind,
 * e.g. `ECONNRESET`, `ECONNREFUSED`, `timeout`.
 */
export class Tally {
  requests = 0;
  readonly statuses = new Map<number, number>();
  readonly network = new Map<string, number>();
  /** When failures happened (`Date.now()`), the first 2,000: lined up against fault times. */
  readonly failedAt: number[] = [];

  status(code: number): void {
    this.requests++;
    this.statuses.set(code, (this.statuses.get(code) ?? 0) + 1);
    if (code < 200 || code > 299) this.noteFailure();
  }

  failure(kind: string): void {
    this.requests++;
    this.network.set(kind, (this.network.get(kind) ?? 0) + 1);
    this.noteFailure();
  }

  /** Failures per second since `origin`, e.g. `{ "4": 12, "5": 3 }`. */
  failuresBySecond(origin: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const at of this.failedAt) {
      const s = String(Math.floor((at - origin) / 1000));
      out[s] = (out[s] ?? 0) + 1;
    }
    return out;
  }

  private noteFailure(): void {
    if (this.failedAt.length < 2_000) this.failedAt.push(Date.now());
  }

  add(other: Tally): this {
    this.requests += other.requests;
    for (const [k, v] of other.statuses) this.statuses.set(k, (this.statuses.get(k) ?? 0) + v);
    for (const [k, v] of other.network) this.network.set(k, (this.network.get(k) ?? 0) + v);
    this.failedAt.push(...other.failedAt.slice(0, 2_000 - this.failedAt.length));
    return this;
  }

  /** Responses that were not 2xx plus every network failure. */
  get failed(): number {
    let n = 0;
    for (const [code, count] of this.statuses) if (code < 200 || code > 299) n += count;
    for (const count of this.network.values()) n += count;
    return n;
  }

  count(predicate: (status: number) => boolean): number {
    let n = 0;
    for (const [code, count] of this.statuses) if (predicate(code)) n += count;
    return n;
  }

  /** `{ "404": 3, "503": 1, "ECONNRESET": 2 }`: everything but 2xx. */
  errors(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [code, count] of [...this.statuses].sort((a, b) => a[0] - b[0])) {
      if (code < 200 || code > 299) out[String(code)] = count;
    }
    for (const [kind, count] of this.network) out[kind] = count;
    return out;
  }
}
