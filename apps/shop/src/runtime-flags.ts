/**
 * Node/V8 flags the shop runs with. A V8 heap flag cannot be set from inside the process (the heap
 * is sized before any code runs), so every way of starting the shop passes them: `npm start`,
 * `npm run start:prod`, the Dockerfile, and the tests, benches and chaos runs that start shop
 * processes (test/support/shop-process.ts). runtime-flags.spec.ts keeps those in step.
 *
 * `--max-semi-space-size=32`: a request allocates a few tens of KB of short-lived objects (parsed
 * headers, the body, promises, the response); with V8's default 16 MB semi-space a loaded shop
 * scavenges every few ms and promotes objects that were about to die, so old-generation marking
 * follows. Measured with `npm run bench:orders` (see README): the garbage collector's share of the
 * shop's time under load fell from ~10 % to ~6.5 %. The cost is up to 2 × 16 MB more young-generation
 * memory.
 */
export const SHOP_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
