import { setFlagsFromString } from 'node:v8';

/**
 * Node 24's V8 (13.6) raised the young-generation cap from 8 to 32 MB, which also raised the point
 * where short-lived Buffers are reclaimed by a cheap scavenge above the external-memory limit that
 * starts full mark-compacts (nodejs/node#61967). Request bodies (up to 1 MB, read whole) are such
 * Buffers: with the shop's heap, an 800 KB body cost ~3.5 ms of CPU on Node 24 against ~1 ms on
 * Node 20, nearly all of it in mark-compact. The old cap restores Node 20's collection of them.
 * Node 22 and older have that cap already (and reject the flag). Imported first by every entry
 * point, before the heap grows.
 */
if (Number(process.versions.node.split('.')[0]) >= 24) {
  setFlagsFromString('--scavenger-max-new-space-capacity-mb=8');
}
