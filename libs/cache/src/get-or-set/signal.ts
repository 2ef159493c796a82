/**
 * A one-slot wake-up: `notify()` before `wait()` is not lost, so a "filled" message that
 * arrives between two checks still ends the next wait at once.
 */
export class Signal {
  #pending = false;
  #wake?: () => void;

  notify(): void {
    this.#pending = true;
    this.#wake?.();
  }

  /** True if notified, false if `ms` passed first. */
  wait(ms: number): Promise<boolean> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), ms);
      const finish = (woken: boolean) => {
        clearTimeout(timer);
        this.#wake = undefined;
        this.#pending = false;
        resolve(woken);
      };
      this.#wake = () => finish(true);
    });
  }
}
