/** Runs one batch; returns one result per item, in order. */
export type BatchRunner<Item, Result> = (items: readonly Item[]) => Promise<readonly Result[]>;

export interface GroupCommitOptions {
  /** Most items in one batch. */
  readonly maxBatch: number;
  /** Batches running at once; the rest of the items wait in the queue and join the next batch. */
  readonly maxInFlight: number;
}

interface Waiting<Item, Result> {
  readonly item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: callers submit one item each and get their own result, while the items that
 * arrive during a running batch are written together by the next one. There is no timer: an idle
 * queue starts a batch on the next turn of the event loop (so requests parsed in the same turn
 * share it), and under load the batch size grows by itself to whatever arrived during the previous
 * batch's round trip. So one buyer alone waits one statement, and a thousand wait a few.
 */
export class GroupCommit<Item, Result> {
  private queue: Array<Waiting<Item, Result>> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: BatchRunner<Item, Result>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled && this.inFlight < this.options.maxInFlight) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.drain();
        });
      }
    });
  }

  /** Items waiting for a batch (not counting running ones). */
  get queued(): number {
    return this.queue.length;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async runBatch(batch: Array<Waiting<Item, Result>>): Promise<void> {
    try {
      const results = await this.run(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`batch of ${batch.length} returned ${results.length} results`);
      }
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      // One statement, one outcome: nothing of the batch was written, every caller learns why.
      for (const w of batch) w.reject(err);
    }
  }
}
