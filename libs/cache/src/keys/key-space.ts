/**
 * Every Redis name this module uses, in one place. Internal names carry a `__` segment so a
 * user key such as `lock:1` can never collide with the lock of another key.
 */
export class KeySpace {
  /** `<app>:<namespace>:` */
  readonly prefix: string;

  constructor(app: string, namespace: string) {
    this.prefix = `${app}:${namespace}:`;
  }

  value(key: string) {
    return this.prefix + key;
  }
  generation(key: string) {
    return `${this.prefix}__gen:${key}`;
  }
  lock(key: string) {
    return `${this.prefix}__lock:${key}`;
  }
  filled(key: string) {
    return `${this.prefix}__filled:${key}`;
  }
  invalidations() {
    return `${this.prefix}__invalidate`;
  }
  bloom(name: string) {
    return `${this.prefix}__bloom:${name}`;
  }
}
