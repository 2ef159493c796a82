/** Base of every cache error: a stable `code` plus the key involved and the cause. */
export class CacheError extends Error {
  static readonly code: string = 'E_CACHE';
  readonly code: string;

  constructor(
    message: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = (new.target as typeof CacheError).code;
  }
}

/** The loader exceeded `loadTimeout` and no graced value was available. */
export class LoadTimeoutError extends CacheError {
  static override readonly code = 'E_LOAD_TIMEOUT';
}

/** A key was configured with a Bloom filter name that the module does not declare. */
export class UnknownBloomFilterError extends CacheError {
  static override readonly code = 'E_UNKNOWN_BLOOM_FILTER';
}

/** A key template referenced a placeholder the call did not provide. */
export class KeyTemplateError extends CacheError {
  static override readonly code = 'E_KEY_TEMPLATE';
}

/** All cache errors by code, for `instanceof`-free matching. */
export const errors = {
  E_CACHE: CacheError,
  E_LOAD_TIMEOUT: LoadTimeoutError,
  E_UNKNOWN_BLOOM_FILTER: UnknownBloomFilterError,
  E_KEY_TEMPLATE: KeyTemplateError,
} as const;
