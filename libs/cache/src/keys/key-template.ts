import { KeyTemplateError } from '../errors';

/** What a key is built from: method arguments, or route params and query on an HTTP route. */
export interface CacheKeyInput {
  readonly args: readonly unknown[];
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, unknown>>;
}

/** A key function, for keys a template cannot express. */
export type CacheKeyFn = (input: CacheKeyInput) => string;

/** A template (`'product:{id}'`, `'product:{0}'`, `'user:{0.id}'`) or a key function. */
export type CacheKeySpec = string | CacheKeyFn;

const PLACEHOLDER = /\{([^{}]+)\}/g;

/**
 * Compiles a template once. `{0}` is the first argument, `{0.id}` a property of it; a name is
 * looked up in route params, then in the query. A missing value throws rather than producing a
 * key like `product:undefined` that every unknown id would share.
 */
export function compileKey(spec: CacheKeySpec): CacheKeyFn {
  if (typeof spec === 'function') return spec;
  const parts = spec.split(PLACEHOLDER);
  // split() with one capture group alternates literal, name, literal, …
  return (input) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += lookup(spec, parts[i], input) + parts[i + 1];
    return out;
  };
}

function lookup(template: string, path: string, input: CacheKeyInput): string {
  const [head, ...rest] = path.trim().split('.');
  let value: unknown = /^\d+$/.test(head)
    ? input.args[Number(head)]
    : (input.params[head] ?? input.query[head]);
  for (const segment of rest) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[segment]
        : undefined;
  }
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean'
  ) {
    return String(value);
  }
  throw new KeyTemplateError(`Key template "${template}": no value for {${path}}`, template);
}

const compiled = new Map<string, CacheKeyFn>();

/** Builds a key, compiling each distinct template only once. */
export function buildKey(spec: CacheKeySpec, input: CacheKeyInput): string {
  if (typeof spec === 'function') return spec(input);
  let fn = compiled.get(spec);
  if (!fn) compiled.set(spec, (fn = compileKey(spec)));
  return fn(input);
}
