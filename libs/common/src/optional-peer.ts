/**
 * Loads an optional peer dependency when the feature that needs it is first used, never when the
 * library is imported: an app that does without the feature need not install the peer
 * (`peerDependenciesMeta: { optional: true }`). When the peer is missing it throws an `Error`
 * naming the feature and the install command, rather than the bare `Cannot find module`; any
 * other failure (the peer itself failing to load, a missing module inside it) is rethrown as is.
 *
 * `load` is the caller's own `require`, so the peer resolves from the package that declares it.
 * @example const { Registry } = optionalPeer(() => require('prom-client'), 'prom-client', 'MetricsModule');
 * @publicApi
 */
export function optionalPeer<T>(load: () => T, name: string, feature: string): T {
  const peer = loadIfInstalled(load, name);
  if ('missing' in peer) {
    throw new Error(`${feature} needs ${name}: npm install ${name}`, { cause: peer.missing });
  }
  return peer.value;
}

/**
 * {@link optionalPeer} for a feature that does without the peer (tracing, metrics): a getter
 * that loads the peer on its first call and then returns what it returned, or `undefined` when
 * the peer is not installed. The answer is kept, so a hot path pays one failed `require` at most.
 * @publicApi
 */
export function lazyOptionalPeer<T>(load: () => T, name: string): () => T | undefined {
  let peer: Loaded<T> | undefined;
  return () => {
    peer ??= loadIfInstalled(load, name);
    return 'missing' in peer ? undefined : peer.value;
  };
}

/** What the peer exports, or the loader's error when the peer is not installed. */
type Loaded<T> = { value: T } | { missing: unknown };

/** Runs `load`; any failure other than the peer itself missing is rethrown as is. */
function loadIfInstalled<T>(load: () => T, name: string): Loaded<T> {
  try {
    return { value: load() };
  } catch (error) {
    if (isMissing(error, name)) return { missing: error };
    throw error;
  }
}

/**
 * Node's (and Jest's) error for a package that is not installed names that very package. Duck
 * typed: Jest's resolver throws from another realm, where `instanceof Error` is false.
 */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === 'MODULE_NOT_FOUND' &&
    typeof message === 'string' &&
    message.includes(`Cannot find module '${name}'`)
  );
}
