import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

/** ApiVersions v0 with a null client id: 14 bytes with its size prefix. */
export function apiVersionsFrame(correlationId: number): Buffer {
  const frame = Buffer.alloc(14);
  frame.writeInt32BE(10, 0);
  frame.writeInt16BE(18, 4);
  frame.writeInt16BE(0, 6);
  frame.writeInt32BE(correlationId, 8);
  frame.writeInt16BE(-1, 12);
  return frame;
}

/** ~1 MiB of pipelined ApiVersions requests, to write again and again. */
export function apiVersionsChunk(): Buffer {
  return Buffer.concat(Array.from({ length: 74_898 }, (_, i) => apiVersionsFrame(i)));
}

/** Resident memory of a process in MiB (Linux /proc). */
export function rssMiBOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return kb / 1024;
}

/** The broker's memory while it is attacked: `peak` is updated on every write. */
export interface RssWatch {
  rssMiB(): number;
  readonly rssLimit: number;
  peak: number;
}

/**
 * Writes `chunk` until `total` bytes went out, the broker stops reading (no 'drain' for
 * `stallMs`), or the broker's RSS passes `rssLimit` (then stops at once, so a broker that buffers
 * everything fails fast instead of eating the machine). Never reads the socket: the client of
 * issue 20 (defect 4) that took the broker from 112 MB to 1.8 GB.
 */
export async function writeWithoutReading(
  socket: Socket,
  chunk: Buffer,
  total: number,
  watch: RssWatch,
  stallMs = 2000,
): Promise<{ sent: number; stalled: boolean }> {
  let sent = 0;
  while (sent < total) {
    watch.peak = Math.max(watch.peak, watch.rssMiB());
    if (watch.peak > watch.rssLimit || socket.destroyed) return { sent, stalled: false };
    sent += chunk.length;
    if (socket.write(chunk)) continue;
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), stallMs);
      socket.once('drain', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!drained) return { sent, stalled: true };
  }
  return { sent, stalled: false };
}
