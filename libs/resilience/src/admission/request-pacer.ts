import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { markArrival } from '../interceptors/request-arrival';

/** What the pacer does with a request: run it (the framework's listeners) or refuse it. @internal */
export interface PacerSink {
  dispatch(req: IncomingMessage, res: ServerResponse): void;
  refuse(res: ServerResponse): void;
}

/**
 * Hands requests to the framework at most `sliceMs` of loop time per loop turn; the rest wait in
 * this queue and are handed over in the next turns. Why it exists: Node reads every readable
 * socket in one poll phase and runs each new request's handler up to its first `await` there.
 * Under a burst of 500 fresh connections that is ~100 ms per turn, and a request that needs
 * several dependency round trips (L1 miss → Redis → lock → Postgres) waits one whole turn per
 * round trip: the one load that 1,000 requests are waiting for started ~0.5 s after the first
 * request, past every budget. Paced, a turn is short, so replies from Redis and Postgres are
 * read every few ms and the load finishes while most of the burst is still queued here; those
 * requests then run as L1 hits.
 *
 * The queue also makes queueing visible ({@link oldestWaitMs}), which the kernel's socket buffers
 * hide, and allows the two remedies of Facebook's "Fail at Scale" for a standing queue: while the
 * server is shedding, the newest request is served first (adaptive LIFO: it can still make its
 * budget, the oldest cannot) and a request that waited longer than `shedAfterMs` is refused
 * (CoDel's short queue timeout). Outside shedding the order is FIFO and nothing is dropped: a
 * burst is served in full.
 * @internal
 */
export class RequestPacer {
  /** A ring of [request, response, arrival ms]: a plain array's `shift()` is O(n). */
  private reqs: Array<IncomingMessage | undefined> = new Array<IncomingMessage | undefined>(64);
  private ress: Array<ServerResponse | undefined> = new Array<ServerResponse | undefined>(64);
  private arrived = new Float64Array(64);
  private head = 0;
  private size = 0;
  /** Start of the current turn's inline slice; NaN when no turn is open. */
  private turnStart = Number.NaN;

  constructor(
    private readonly sliceMs: number,
    private readonly shedAfterMs: number,
    private readonly isShedding: () => boolean,
    private readonly sink: PacerSink,
  ) {}

  /** Requests waiting. */
  get length(): number {
    return this.size;
  }

  /** How long the oldest waiting request has waited, ms (0 when none waits). */
  oldestWaitMs(now = performance.now()): number {
    return this.size === 0 ? 0 : now - this.arrived[this.head];
  }

  offer(req: IncomingMessage, res: ServerResponse): void {
    const now = performance.now();
    if (this.size === 0) {
      // Nothing waits: run it now if this turn's slice has room (the common, unloaded case).
      if (Number.isNaN(this.turnStart)) {
        this.turnStart = now;
        setImmediate(this.endTurn);
      }
      if (now - this.turnStart < this.sliceMs) {
        this.sink.dispatch(req, res);
        return;
      }
    }
    // Its budget counts from now, not from when a later turn runs it.
    markArrival(req);
    this.push(req, res, now);
  }

  /** Check phase: after this turn's I/O callbacks, run one slice of the queue. */
  private readonly endTurn = (): void => {
    const start = performance.now();
    let now = start;
    while (this.size > 0 && now - start < this.sliceMs) {
      if (this.isShedding()) {
        this.dropStale(now);
        if (this.size === 0) break;
        const [req, res] = this.popNewest();
        this.sink.dispatch(req, res);
      } else {
        const [req, res] = this.popOldest();
        this.sink.dispatch(req, res);
      }
      now = performance.now();
    }
    if (this.size > 0) {
      // Queued from within the check phase, so it runs in the next turn, after its poll phase.
      this.turnStart = now;
      setImmediate(this.endTurn);
    } else {
      this.turnStart = Number.NaN;
    }
  };

  /** Refuses, oldest first, every request that waited past `shedAfterMs`. */
  private dropStale(now: number): void {
    while (this.size > 0 && now - this.arrived[this.head] > this.shedAfterMs) {
      const [, res] = this.popOldest();
      this.sink.refuse(res);
    }
  }

  private push(req: IncomingMessage, res: ServerResponse, at: number): void {
    if (this.size === this.reqs.length) this.grow();
    const i = (this.head + this.size) % this.reqs.length;
    this.reqs[i] = req;
    this.ress[i] = res;
    this.arrived[i] = at;
    this.size++;
  }

  private popOldest(): [IncomingMessage, ServerResponse] {
    const i = this.head;
    const entry = this.take(i);
    this.head = (i + 1) % this.reqs.length;
    this.size--;
    return entry;
  }

  private popNewest(): [IncomingMessage, ServerResponse] {
    const i = (this.head + this.size - 1) % this.reqs.length;
    const entry = this.take(i);
    this.size--;
    return entry;
  }

  private take(i: number): [IncomingMessage, ServerResponse] {
    const entry: [IncomingMessage, ServerResponse] = [this.reqs[i]!, this.ress[i]!];
    this.reqs[i] = undefined;
    this.ress[i] = undefined;
    return entry;
  }

  private grow(): void {
    const n = this.reqs.length;
    const reqs = new Array<IncomingMessage | undefined>(n * 2);
    const ress = new Array<ServerResponse | undefined>(n * 2);
    const arrived = new Float64Array(n * 2);
    for (let k = 0; k < this.size; k++) {
      const i = (this.head + k) % n;
      reqs[k] = this.reqs[i];
      ress[k] = this.ress[i];
      arrived[k] = this.arrived[i];
    }
    this.reqs = reqs;
    this.ress = ress;
    this.arrived = arrived;
    this.head = 0;
  }
}
