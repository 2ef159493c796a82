import { createHash } from 'node:crypto';

/**
 * Every Redis name this module uses, in one place. Internal names carry a `__` segment so a
 * user key such as `lock:1` can never collide with the lock of another key.
 *
 * On a Redis Cluster (`hashTags`) the cache key is wrapped in a hash tag, `<p>{<key>}`, and so
 * are its generation, lock and "filled" channel: the scripts that touch a value and its
 * generation, and the sharded PUBLISH inside them, stay in one slot. A Bloom filter's name is
 * tagged the same way, so its bits, size tag, build marker and temp keys share a slot. One
 * server keeps the untagged layout: its keys are unchanged by this release (no migration).
 */
export class KeySpace {
  /** `<app>:<namespace>:` */
  readonly prefix: string;

  constructor(
    app: string,
    namespace: string,
    private readonly hashTags = false,
  ) {
    this.prefix = `${app}:${namespace}:`;
    if (hashTags && /[{}]/.test(this.prefix)) {
      // A brace in the prefix would become the hash tag of every key: all of them in one slot.
      throw new Error(`app and namespace must not contain "{" or "}" on a Redis Cluster`);
    }
  }

  value(key: string) {
    return this.prefix + this.underPrefix(key);
  }
  /** The value's name after the prefix (what the prefixed Keyv store is given). */
  underPrefix(key: string) {
    return this.tag(key);
  }
  generation(key: string) {
    return `${this.prefix}__gen:${this.tag(key)}`;
  }
  lock(key: string) {
    return `${this.prefix}__lock:${this.tag(key)}`;
  }
  filled(key: string) {
    return `${this.prefix}__filled:${this.tag(key)}`;
  }
  invalidations() {
    return `${this.prefix}__invalidate`;
  }
  bloom(name: string) {
    return `${this.prefix}__bloom:${this.tag(name)}`;
  }

  /**
   * `{key}`; an empty key, or one holding a `}`, gets a digest as its tag instead (followed by
   * the key itself): Redis hashes the whole name when the tag is empty (`{}`) or a brace ends it
   * first, which would split a key's names over several slots.
   */
  private tag(key: string): string {
    if (!this.hashTags) return key;
    if (key !== '' && !key.includes('}')) return `{${key}}`;
    return `{#${createHash('sha1').update(key).digest('hex').slice(0, 16)}}${key}`;
  }
}
