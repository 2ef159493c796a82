/**
 * Request bytes held by all connections together (Kafka's `queued.max.request.bytes` memory
 * pool). A connection reserves a frame's declared size before reading its body and releases it
 * once the request is answered; when the budget is spent it stops reading (is muted) and is
 * woken when another connection releases bytes. This bounds RSS however many clients send big
 * frames at once, without refusing anyone.
 */
export class BufferBudget {
  private used = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly limit: number) {}

  get usedBytes(): number {
    return this.used;
  }

  /** Takes `bytes` from the budget if they fit; false means wait for {@link onRelease}. */
  tryReserve(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    if (bytes === 0) return;
    this.used -= bytes;
    // Every waiter retries; those that still do not fit register again.
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }

  /** Calls `waiter` once, at the next release; returns the function that cancels it. */
  onRelease(waiter: () => void): () => void {
    this.waiters.add(waiter);
    return () => this.waiters.delete(waiter);
  }
}
