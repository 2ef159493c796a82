import { connect, type Socket } from 'node:net';
import {
  apiVersionsChunk,
  rssMiBOf,
  type RssWatch,
  writeWithoutReading,
} from '../../test/support/non-reading-kafka-client';

/** What the attacker sent (defect 4): 200 MB of pipelined ApiVersions, never reading. */
export const PIPELINED_BYTES = 200 * 1024 * 1024;
/**
 * How much the broker may grow meanwhile. Its default buffer budget is 64 MiB (4 × the 16 MiB
 * frame cap), and a muted connection stops being read long before that.
 */
export const RSS_GROWTH_LIMIT_MIB = 100;

export interface PipelineResult {
  readonly sentMiB: number;
  /** The broker stopped reading the connection (muted it), as Kafka does. */
  readonly stalled: boolean;
  readonly rssStartMiB: number;
  readonly rssPeakMiB: number;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Pipelines ApiVersions to the broker at `port` without ever reading, watching process `pid`. */
export async function pipelineWithoutReading(port: number, pid: number): Promise<PipelineResult> {
  const start = rssMiBOf(pid);
  const watch: RssWatch = {
    rssMiB: () => rssMiBOf(pid),
    rssLimit: start + RSS_GROWTH_LIMIT_MIB,
    peak: start,
  };
  const socket = await open(port);
  socket.on('error', () => undefined);
  try {
    const { sent, stalled } = await writeWithoutReading(
      socket,
      apiVersionsChunk(),
      PIPELINED_BYTES,
      watch,
    );
    // What the broker takes of the bytes still in flight shows a moment later.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 100));
      watch.peak = Math.max(watch.peak, watch.rssMiB());
    }
    return {
      sentMiB: Math.round(sent / 2 ** 20),
      stalled,
      rssStartMiB: Math.round(start),
      rssPeakMiB: Math.round(watch.peak),
    };
  } finally {
    socket.destroy();
  }
}
